package org.dsojava.extension.example;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.Locale;
import org.dsojava.processor.spi.ModelGenerator;

/**
 * An example of a custom generator (the {@link ModelGenerator} SPI): for every model it writes a Markdown
 * report, {@code dsoreports/<qualified name>.md}, with the θ layout, the noise sites, the recorded fields and
 * the data cost blocks — next to the kernels, in builds and in run-time compilation alike.
 */
@AutoService(ModelGenerator.class)
public final class ModelReport implements ModelGenerator {
  @Override
  public String name() {
    return "model-report";
  }

  @Override
  public void generate(ModelView model, Output out) throws IOException {
    String qualified = model.packageName().isEmpty() ? model.simpleName()
        : model.packageName() + "." + model.simpleName();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(model.simpleName()).append("\n\n");
    md.append(String.format(Locale.ROOT, "%s chain, γ = %s, horizon %d, state size %d%n%n", model.setting(),
        model.discount(), model.horizon(), model.stateDim()));
    md.append("| θ field | entries |\n| --- | --- |\n");
    int total = 0;
    for (ParamField p : model.params()) {
      md.append("| ").append(p.name()).append(" | ").append(p.offset()).append(p.length() > 1
          ? ".." + (p.offset() + p.length() - 1) : "").append(" |\n");
      total += p.length();
    }
    md.append("\n").append(total).append(" parameters; noise sites: ").append(String.join(", ", model.noiseSites()));
    if (model.bottleneckDim() > 0) {
      md.append("; bottleneck of dimension ").append(model.bottleneckDim());
    }
    if (!model.recordFields().isEmpty()) {
      md.append("; recorded fields: ").append(model.recordFields());
    }
    if (!model.dataCosts().isEmpty()) {
      md.append("; data cost blocks: ").append(String.join(", ", model.dataCosts()));
    }
    md.append("\n");
    out.writeResource("dsoreports/" + qualified + ".md", md.toString());
  }
}
