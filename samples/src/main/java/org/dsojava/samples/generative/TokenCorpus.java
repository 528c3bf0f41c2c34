package org.dsojava.samples.generative;

import org.dsojava.runtime.data.DataSchema;
import org.dsojava.runtime.data.DataSet;

/**
 * The tiny corpus the base token model is pre-trained on: 8 sequences of {@link #LENGTH} tokens over the
 * vocabulary {a, b, c} (token ids 0, 1, 2), in which c is rare. The base model is the bigram model fitted to
 * it by maximum likelihood with add-one smoothing: p̄(v | u) = (n(u, v) + 1) / (n(u) + V), u = BOS (id 3) for
 * the first token.
 */
public final class TokenCorpus {
  private TokenCorpus() {}

  /** Vocabulary size V. */
  public static final int V = 3;
  /** The start-of-sequence context, id V. */
  public static final int BOS = V;
  /** Sequence length T (the chain's horizon). */
  public static final int LENGTH = 6;
  /** The corpus. */
  public static final String[] SENTENCES = {
      "ababab", "abbaba", "babaab", "aababb", "ababca", "bababa", "abaabb", "bbabac"};

  /** Token id of a character. */
  public static int token(char c) {
    int v = c - 'a';
    if (v < 0 || v >= V) {
      throw new IllegalArgumentException("token '" + c + "' is not in the vocabulary {a, b, c}");
    }
    return v;
  }

  /** Bigram counts n(u, v), row-major [(V + 1) × V]: row u = previous token or BOS. */
  public static int[] bigramCounts() {
    int[] n = new int[(V + 1) * V];
    for (String s : SENTENCES) {
      int prev = BOS;
      for (int i = 0; i < s.length(); i++) {
        int v = token(s.charAt(i));
        n[prev * V + v]++;
        prev = v;
      }
    }
    return n;
  }

  /** The base model p̄(v | u) = (n(u, v) + 1) / (n(u) + V), row-major like {@link #bigramCounts()}. */
  public static double[] baseProbabilities() {
    int[] n = bigramCounts();
    double[] p = new double[n.length];
    for (int u = 0; u <= V; u++) {
      double total = 0;
      for (int v = 0; v < V; v++) {
        total += n[u * V + v] + 1;
      }
      for (int v = 0; v < V; v++) {
        p[u * V + v] = (n[u * V + v] + 1) / total;
      }
    }
    return p;
  }

  /**
   * The pre-training data: trajectory n &lt; 8 holds sentence n's (u, v) pairs, trajectory 8 one pseudo-pair
   * of every (u, v) (add-one smoothing); fields "u" and "v" of arity 1.
   */
  public static DataSet pairs() {
    DataSchema schema = DataSchema.of(
        DataSchema.field("u", 1), DataSchema.field("v", 1));
    DataSet.Builder b = DataSet.builder(schema);
    for (int n = 0; n < SENTENCES.length; n++) {
      int prev = BOS;
      for (int t = 0; t < SENTENCES[n].length(); t++) {
        int v = token(SENTENCES[n].charAt(t));
        b.add(n, t, prev, v);
        prev = v;
      }
    }
    int t = 0;
    for (int u = 0; u <= V; u++) {
      for (int v = 0; v < V; v++) {
        b.add(SENTENCES.length, t++, u, v);
      }
    }
    return b.build();
  }
}
