package org.dsojava.processor.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A user's generator beside the kernel writer: for every model that compiled without errors it receives a
 * read-only view of the validated model and writes its own sources or resources — a model report, an
 * export of the kernels to another language, a specialised evaluator. Discovered with
 * {@link java.util.ServiceLoader} on the processor path ({@code @AutoService(ModelGenerator.class)}), like the
 * distributions and primitives; it runs in builds and in run-time compilation alike (the same processor).
 */
public interface ModelGenerator {
  /** A short name, used in error messages. */
  String name();

  /** Writes whatever the generator makes for {@code model}. An exception is reported on the model. */
  void generate(ModelView model, Output out) throws IOException;

  /** The validated model, as the kernel sees it. */
  interface ModelView {
    String packageName();

    String simpleName();

    /** The kernel's state size (with the step-cost slot, if any). */
    int stateDim();

    String setting();

    double discount();

    int horizon();

    /** θ's fields in layout order. */
    List<ParamField> params();

    /** The distributions of the transition's noise sites, in the order they are drawn (as written). */
    List<String> noiseSites();

    int bottleneckDim();

    /** Recorded fields the model reads, with their arities. */
    Map<String, Integer> recordFields();

    /** The model's data cost blocks. */
    List<String> dataCosts();

    /** The generated kernel's Java source. */
    String kernelSource();
  }

  /** A θ field: entries [offset, offset + length). */
  record ParamField(String name, int offset, int length, boolean array) {}

  /** Where a generator writes. */
  interface Output {
    /** A Java source compiled with the model ({@code qualifiedName} like {@code org.acme.ModelReport}). */
    void writeSource(String qualifiedName, String text) throws IOException;

    /** A resource in the class output ({@code relativePath} like {@code reports/Model.md}). */
    void writeResource(String relativePath, String text) throws IOException;
  }
}
