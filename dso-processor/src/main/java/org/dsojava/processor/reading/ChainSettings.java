package org.dsojava.processor.reading;

import org.dsojava.processor.diag.Diagnostics;
import org.dsojava.processor.diag.Message;

/**
 * Checks of the {@code @Chain} annotation's values (state dimension, setting, γ, horizon), on plain values
 * so that both front ends report the same: each setting of the paper's section 2 fixes whether the chain is
 * discounted and whether it needs a horizon.
 */
public final class ChainSettings {
  private ChainSettings() {}

  /** Reports a state dimension below 1, a discount or horizon the setting does not allow. */
  public static void check(Diagnostics diagnostics, Object type, String name, int stateDim, String s, double g,
      int horizon) {
    if (stateDim < 1) {
      diagnostics.error(Message.STATE_DIM, type, stateDim, name);
    }
    if (!(g > 0 && g <= 1)) {
      diagnostics.error(Message.DISCOUNT, type, g, name, "γ must be in (0, 1]");
    } else if (s.equals("DISCOUNTED") && g == 1.0) {
      diagnostics.error(Message.DISCOUNT, type, g, name,
          "a DISCOUNTED chain needs γ < 1; use Setting.FIRST_EXIT for undiscounted episodes");
    } else if ((s.equals("AVERAGE") || s.equals("TIME_VARYING")) && g != 1.0) {
      diagnostics.error(Message.DISCOUNT, type, g, name,
          s + " chains are undiscounted; remove discount (fold discounting into the cost if wanted)");
    }
    if (horizon < 0) {
      diagnostics.error(Message.HORIZON, type, horizon, name, "the horizon cannot be negative");
    } else if (s.equals("TIME_VARYING") && horizon == 0) {
      diagnostics.error(Message.HORIZON, type, horizon, name, "a TIME_VARYING chain needs its horizon T");
    }
  }

  /** A first-exit chain must end: by a terminal test or a horizon. */
  public static void checkEnd(Diagnostics diagnostics, Object type, String name, String setting, String terminal,
      int horizon) {
    if (setting.equals("FIRST_EXIT") && terminal == null && horizon == 0) {
      diagnostics.error(Message.NO_END, type, "FIRST_EXIT", name);
    }
  }
}
