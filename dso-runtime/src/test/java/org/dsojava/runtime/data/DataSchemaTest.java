package org.dsojava.runtime.data;

import static org.dsojava.runtime.data.DataSchema.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataSchemaTest {
  @Test
  void layout() {
    DataSchema s = Fixtures.XAY;
    assertEquals(3, s.fieldCount());
    assertEquals(7, s.width());
    assertEquals(List.of(field("x", 4), field("a", 1), field("y", 2)), s.fields());
    assertEquals(5, s.offset(2));
    assertEquals(4, s.offset(1));
    assertEquals(2, s.arity(2));
    assertEquals(1, s.indexOf("a"));
    assertEquals(-1, s.indexOf("z"));
    assertEquals("x[4], a[1], y[2]", s.toString());
    assertEquals(s, DataSchema.of(List.of(field("x", 4), field("a", 1), field("y", 2))));
    assertNotEquals(s, DataSchema.of(field("x", 4), field("y", 2), field("a", 1)));
  }

  @Test
  void invalidSchemas() {
    assertEquals("field name \"2x\" is not a Java identifier",
        assertThrows(IllegalArgumentException.class, () -> field("2x", 1)).getMessage());
    assertEquals("field name \"x[0]\" is not a Java identifier",
        assertThrows(IllegalArgumentException.class, () -> field("x[0]", 1)).getMessage());
    assertEquals("field name \"class\" is not a Java identifier",
        assertThrows(IllegalArgumentException.class, () -> field("class", 1)).getMessage());
    assertEquals("field name \"a\u0000b\" is not a Java identifier",
        assertThrows(IllegalArgumentException.class, () -> field("a\u0000b", 1)).getMessage());
    assertEquals("field name \"\" is not a Java identifier",
        assertThrows(IllegalArgumentException.class, () -> field("", 1)).getMessage());
    assertEquals("field name is null",
        assertThrows(IllegalArgumentException.class, () -> field(null, 1)).getMessage());
    assertEquals("field name \"t\" is reserved: every record has the integer keys n (trajectory) and t (time step)",
        assertThrows(IllegalArgumentException.class, () -> field("t", 1)).getMessage());
    assertEquals("field x: arity 0 is not in 1..16777216",
        assertThrows(IllegalArgumentException.class, () -> field("x", 0)).getMessage());
    assertEquals("duplicate field name \"x\" (fields 0 and 2)",
        assertThrows(IllegalArgumentException.class, () -> DataSchema.of(field("x", 1), field("y", 1), field("x", 2)))
            .getMessage());
    assertEquals("a schema needs at least one field",
        assertThrows(IllegalArgumentException.class, () -> DataSchema.of()).getMessage());
    assertEquals("the fields [x[16777216], y[1]] add up to more than 16777216 values per record",
        assertThrows(IllegalArgumentException.class, () -> DataSchema.of(field("x", 1 << 24), field("y", 1)))
            .getMessage());
    assertEquals("xÄ$_1", field("xÄ$_1", 1).name());
  }
}
