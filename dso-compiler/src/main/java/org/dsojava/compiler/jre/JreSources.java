package org.dsojava.compiler.jre;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.Java;
import org.codehaus.janino.Parser;
import org.codehaus.janino.Scanner;

/**
 * The sources a model reaches, parsed by Janino: the model's own compilation unit, and the source every
 * {@code @Part} leaves in its jar ({@code dsoparts/<qualified name>.java.txt}, found on the class loader).
 * Resolves the class names a source writes (member classes, imports, its package) the way the javac front
 * end does, and tells classes without a source that exist on the class loader from names that are no class.
 */
public final class JreSources {
  /** Where a part's source is kept in its jar (the annotation processor's {@code Sources.PREFIX}). */
  static final String PREFIX = "dsoparts/";

  /** A parsed compilation unit: its file name (as diagnostics print it), tree and text. */
  public record Unit(String file, Java.CompilationUnit tree, String text, boolean compiledHere) {
    String packageName() {
      return tree.packageDeclaration == null ? "" : tree.packageDeclaration.packageName;
    }
  }

  /**
   * A class: its qualified (canonical) name, and when its source is known its declaration and unit. A class
   * without a source ({@code decl} null) exists on the class loader.
   */
  public record ClassRef(String qualified, Java.AbstractClassDeclaration decl, Unit unit) {
    public String simpleName() {
      return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** True when the class's declaration was parsed (its source is known). */
    public boolean hasSource() {
      return decl != null;
    }

    boolean isClass() {
      return decl == null || !(decl instanceof Java.EnumDeclaration);
    }
  }

  private final ClassLoader loader;
  private final Map<String, Optional<Unit>> units = new HashMap<>();
  private final Map<String, Optional<ClassRef>> classes = new HashMap<>();

  public JreSources(ClassLoader loader) {
    this.loader = loader;
  }

  /** Parses {@code text}, the unit of file {@code file}. */
  public static Java.CompilationUnit parse(String file, String text) throws CompileException {
    try {
      Java.AbstractCompilationUnit u = new Parser(new Scanner(file, new StringReader(text))).parseAbstractCompilationUnit();
      if (!(u instanceof Java.CompilationUnit cu)) {
        throw new CompileException("not a compilation unit", null);
      }
      return cu;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Registers the model's own unit (compiled here: diagnostics place on it). */
  public Unit addModel(String file, String text) throws CompileException {
    Unit u = new Unit(file, parse(file, text), text, true);
    String pkg = u.packageName();
    for (Java.PackageMemberTypeDeclaration t : u.tree().getPackageMemberTypeDeclarations()) {
      units.put(pkg.isEmpty() ? t.getName() : pkg + "." + t.getName(), Optional.of(u));
    }
    return u;
  }

  private Unit unit(String topLevel) {
    Optional<Unit> known = units.get(topLevel);
    if (known != null) {
      return known.orElse(null);
    }
    Unit u = null;
    try (InputStream in = loader.getResourceAsStream(PREFIX + topLevel + ".java.txt")) {
      if (in != null) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String file = topLevel.substring(topLevel.lastIndexOf('.') + 1) + ".java";
        u = new Unit(file, parse(file, text), text, false);
      }
    } catch (IOException | CompileException e) {
      u = null;
    }
    units.put(topLevel, Optional.ofNullable(u));
    return u;
  }

  /** The class of qualified name {@code qualified} (nested classes dotted), or null when there is none. */
  public ClassRef find(String qualified) {
    Optional<ClassRef> known = classes.get(qualified);
    if (known != null) {
      return known.orElse(null);
    }
    ClassRef found = lookup(qualified);
    classes.put(qualified, Optional.ofNullable(found));
    return found;
  }

  private ClassRef lookup(String qualified) {
    String[] parts = qualified.split("\\.");
    for (int i = parts.length; i >= 1; i--) {
      String top = String.join(".", java.util.Arrays.copyOfRange(parts, 0, i));
      Unit u = unit(top);
      if (u == null) {
        continue;
      }
      Java.AbstractTypeDeclaration t = (Java.AbstractTypeDeclaration) u.tree().getPackageMemberTypeDeclaration(parts[i - 1]);
      for (int j = i; t != null && j < parts.length; j++) {
        t = (Java.AbstractTypeDeclaration) t.getMemberTypeDeclaration(parts[j]);
      }
      if (t instanceof Java.AbstractClassDeclaration c) {
        return new ClassRef(qualified, c, u);
      }
      return null;
    }
    // No source: a class on the class loader (binary names put '$' between nested classes).
    for (int i = parts.length; i >= 1; i--) {
      StringBuilder b = new StringBuilder(String.join(".", java.util.Arrays.copyOfRange(parts, 0, i)));
      for (int j = i; j < parts.length; j++) {
        b.append('$').append(parts[j]);
      }
      try {
        Class<?> c = Class.forName(b.toString(), false, loader);
        return c.isInterface() || c.isAnnotation() || c.isEnum() ? null : new ClassRef(qualified, null, null);
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next split
      }
    }
    return null;
  }

  ClassLoader loader() {
    return loader;
  }

  /** The binary name of a class ({@code pkg.Outer$Inner}), as the class loader knows it. */
  String binaryName(ClassRef c) {
    String q = c.qualified();
    for (int i = q.length(); i > 0; i = q.lastIndexOf('.', i - 1)) {
      StringBuilder b = new StringBuilder(q.substring(0, i));
      String rest = q.substring(i);
      b.append(rest.replace('.', '$'));
      if (loader.getResource(b.toString().replace('.', '/') + ".class") != null) {
        return b.toString();
      }
      if (i <= 0) {
        break;
      }
    }
    return q;
  }

  /** True when a type (class, interface, enum) of that qualified name exists, with or without source. */
  public boolean exists(String qualified) {
    if (find(qualified) != null) {
      return true;
    }
    try {
      Class.forName(qualified, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The enclosing classes of a class with source, innermost last (for member-class lookup). */
  public List<ClassRef> enclosing(ClassRef c) {
    List<ClassRef> out = new ArrayList<>();
    String q = c.qualified();
    while (q.lastIndexOf('.') > 0) {
      q = q.substring(0, q.lastIndexOf('.'));
      ClassRef outer = find(q);
      if (outer == null || !outer.hasSource()) {
        break;
      }
      out.add(0, outer);
    }
    return out;
  }

  /**
   * The type named {@code name} where class {@code c} is written: a member class, a single-type import, its
   * package, an on-demand import (the javac front end's order). Resolves annotation and other non-class
   * types too (their qualified name), returning null when nothing matches.
   */
  public String resolveName(String name, ClassRef c) {
    if (name.contains(".")) {
      if (exists(name)) {
        return name;
      }
      String first = name.substring(0, name.indexOf('.'));
      String head = resolveName(first, c);
      return head == null ? null : exists(head + name.substring(first.length())) ? head + name.substring(first.length()) : null;
    }
    if (c.hasSource()) {
      for (Java.MemberTypeDeclaration m : c.decl().getMemberTypeDeclarations()) {
        if (m.getName().equals(name)) {
          return c.qualified() + "." + name;
        }
      }
      if (c.simpleName().equals(name)) {
        return c.qualified();
      }
    }
    Unit u = c.unit();
    if (u != null) {
      for (Java.AbstractCompilationUnit.ImportDeclaration imp : u.tree().importDeclarations) {
        if (imp instanceof Java.AbstractCompilationUnit.SingleTypeImportDeclaration s
            && s.identifiers[s.identifiers.length - 1].equals(name)) {
          return String.join(".", s.identifiers);
        }
      }
      String pkg = u.packageName();
      String inPackage = pkg.isEmpty() ? name : pkg + "." + name;
      if (exists(inPackage)) {
        return inPackage;
      }
      for (Java.AbstractCompilationUnit.ImportDeclaration imp : u.tree().importDeclarations) {
        if (imp instanceof Java.AbstractCompilationUnit.TypeImportOnDemandDeclaration s) {
          String q = String.join(".", s.identifiers) + "." + name;
          if (exists(q)) {
            return q;
          }
        }
      }
    }
    return exists("java.lang." + name) ? "java.lang." + name : null;
  }

  /** The class named {@code name} where {@code c} is written, or null. */
  public ClassRef resolveClass(String name, ClassRef c) {
    String q = resolveName(name, c);
    return q == null ? null : find(q);
  }
}
