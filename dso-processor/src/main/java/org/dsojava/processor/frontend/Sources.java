package org.dsojava.processor.frontend;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.FileObject;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The source trees of the classes a model reaches. A class compiled in the same build is read through
 * javac's {@link Trees}; a class that arrives as a class file (a part in another module's jar) is read
 * from the source its own build left beside it, {@value #PREFIX}{@code <qualified name>.java.txt}, parsed
 * (not attributed, which {@link BodyReader} does not need) by a javac of its own.
 */
public final class Sources {
  /**
   * Where a {@code @Part}'s source is kept in its jar. Every directory on the way is a Java identifier
   * ({@code META-INF} is not): javac's file manager does not look into other directories of a jar.
   */
  public static final String PREFIX = "dsoparts/";

  private final Trees trees;
  private final Filer filer;
  /** Top-level class name → its parsed unit (null when there is none), for classes known only as class files. */
  private final Map<String, CompilationUnitTree> parsed = new HashMap<>();

  public Sources(Trees trees, Filer filer) {
    this.trees = trees;
    this.filer = filer;
  }

  /** The resource name of the source of a top-level class. */
  public static String resourceName(String qualifiedName) {
    return PREFIX + qualifiedName + ".java.txt";
  }

  /** The compilation unit holding {@code type}, or null when its source cannot be found. */
  CompilationUnitTree unit(TypeElement type) {
    var path = trees.getPath(type);
    if (path != null) {
      return path.getCompilationUnit();
    }
    return foreignUnit(topLevel(type));
  }

  /** True when the class comes from this build's sources (its trees and elements are javac's own). */
  boolean compiledHere(TypeElement type) {
    return trees.getPath(type) != null;
  }

  MethodTree method(ExecutableElement m) {
    MethodTree t = trees.getTree(m);
    if (t != null) {
      return t;
    }
    ClassTree c = classTree((TypeElement) m.getEnclosingElement());
    if (c == null) {
      return null;
    }
    String name = m.getKind() == ElementKind.CONSTRUCTOR ? "<init>" : m.getSimpleName().toString();
    for (Tree member : c.getMembers()) {
      if (member instanceof MethodTree mt && mt.getName().contentEquals(name)
          && mt.getParameters().size() == m.getParameters().size() && sameParameters(mt, m)) {
        return mt;
      }
    }
    return null;
  }

  VariableTree field(VariableElement f) {
    Tree t = trees.getTree(f);
    if (t instanceof VariableTree v) {
      return v;
    }
    ClassTree c = classTree((TypeElement) f.getEnclosingElement());
    if (c == null) {
      return null;
    }
    for (Tree member : c.getMembers()) {
      if (member instanceof VariableTree v && v.getName().contentEquals(f.getSimpleName())) {
        return v;
      }
    }
    return null;
  }

  private static boolean sameParameters(MethodTree tree, ExecutableElement m) {
    for (int i = 0; i < m.getParameters().size(); i++) {
      String declared = tree.getParameters().get(i).getType().toString();
      String actual = m.getParameters().get(i).asType().toString();
      String simple = actual.substring(actual.lastIndexOf('.') + 1);
      if (!declared.equals(actual) && !declared.equals(simple) && !declared.replace("...", "[]").equals(simple)) {
        return false;
      }
    }
    return true;
  }

  private ClassTree classTree(TypeElement type) {
    ClassTree t = trees.getTree(type);
    if (t != null) {
      return t;
    }
    CompilationUnitTree unit = foreignUnit(topLevel(type));
    if (unit == null) {
      return null;
    }
    List<String> names = new java.util.ArrayList<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    List<? extends Tree> members = unit.getTypeDecls();
    ClassTree found = null;
    for (String n : names) {
      found = null;
      for (Tree m : members) {
        if (m instanceof ClassTree ct && ct.getSimpleName().contentEquals(n)) {
          found = ct;
          break;
        }
      }
      if (found == null) {
        return null;
      }
      members = found.getMembers();
    }
    return found;
  }

  private static TypeElement topLevel(TypeElement type) {
    TypeElement t = type;
    while (t.getEnclosingElement() instanceof TypeElement outer) {
      t = outer;
    }
    return t;
  }

  private CompilationUnitTree foreignUnit(TypeElement top) {
    String name = top.getQualifiedName().toString();
    if (parsed.containsKey(name)) {
      return parsed.get(name);
    }
    CompilationUnitTree unit = null;
    try {
      FileObject resource = filer.getResource(StandardLocation.CLASS_PATH, "", resourceName(name));
      CharSequence text = resource.getCharContent(true);
      unit = parse(URI.create("dso-part:///" + name.replace('.', '/') + ".java"), resource.toUri().toString(),
          text.toString());
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      unit = null;
    }
    parsed.put(name, unit);
    return unit;
  }

  private static CompilationUnitTree parse(URI uri, String where, String text) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      return null;
    }
    JavaFileObject file = new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }

      @Override
      public String getName() {
        return where;
      }
    };
    JavacTask task = (JavacTask) javac.getTask(null, null, d -> {}, List.of("-proc:none"), null, List.of(file));
    for (CompilationUnitTree u : task.parse()) {
      return u;
    }
    return null;
  }
}
