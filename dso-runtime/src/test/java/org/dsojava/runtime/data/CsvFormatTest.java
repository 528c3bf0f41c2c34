package org.dsojava.runtime.data;

import static org.dsojava.runtime.data.Fixtures.HEADER;
import static org.dsojava.runtime.data.Fixtures.XAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DataSets#readCsv} accepts, and the exact message of every defect it rejects. */
class CsvFormatTest {
  @TempDir
  Path dir;

  private static final String ROW00 = "0,0,1,2,3,4,5,6,7";
  private static final String ROW01 = "0,1,1,2,3,4,5,6,7";

  private DataFormatException reject(String text) throws IOException {
    return reject(text, DataSets.ExtraColumns.REJECT);
  }

  private DataFormatException reject(String text, DataSets.ExtraColumns extra) throws IOException {
    Path f = Fixtures.write(dir, "d.csv", text);
    return assertThrows(DataFormatException.class, () -> DataSets.readCsv(f, XAY, extra));
  }

  private String at(String rest) {
    return dir.resolve("d.csv") + ", " + rest;
  }

  private DataSet read(String text) throws IOException {
    return DataSets.readCsv(Fixtures.write(dir, "d.csv", text), XAY);
  }

  @Test
  void readsTrajectoriesOfDifferentLengths() throws IOException {
    DataSet d = read(HEADER + "\n0,0,1,2,3,4,5,6,7\n0,1,1.5,2,3,4,5,6,7\n1,0,-1,-2,-3,-4,-5,-6,-7\n");
    assertEquals(2, d.trajectories());
    assertEquals(2, d.length(0));
    assertEquals(1, d.length(1));
    assertEquals(3, d.totalRecords());
    assertEquals(1.5, d.get(0, 1, d.field("x"), 0));
    assertEquals(-5, d.get(1, 0, d.field("a"), 0));
    assertEquals(-7, d.get(1, 0, d.field("y"), 1));
    assertEquals(dir.resolve("d.csv").toString(), d.source());
  }

  @Test
  void acceptsCrlfWhitespaceQuotesBomTrailingEmptyLinesAndAnyColumnOrder() throws IOException {
    String text = "\uFEFF y[1] ,\"a[0]\",t,x[3],x[2],x[1],x[0],y[0],n\r\n"
        + "7, 5 ,0,\t4,3,\"2\",1,6,0\r\n"
        + "\" 17\",\"15\",1,14,13,12,11,16,0\r\n"
        + "\r\n  \r\n";
    DataSet d = read(text);
    double[] r = new double[7];
    d.readRecord(0, 0, r, 0);
    assertEquals("[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]", java.util.Arrays.toString(r));
    d.readRecord(0, 1, r, 0);
    assertEquals("[11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]", java.util.Arrays.toString(r));
    assertEquals(1, d.trajectories());
  }

  @Test
  void quotedQuoteIsPartOfTheCell() throws IOException {
    DataFormatException e = reject(HEADER + "\n0,0,1,\"2\"\"\",3,4,5,6,7\n");
    assertEquals(at("line 2, column 4 (x[1]): \"2\"\" is not a number"), e.getMessage());
  }

  @Test
  void ignoresExtraColumnsWhenAsked() throws IOException {
    Path f = Fixtures.write(dir, "d.csv", "note," + HEADER + ",\n\"any, text\"," + ROW00 + ",\nx," + ROW01 + ",\n");
    DataSet d = DataSets.readCsv(f, XAY, DataSets.ExtraColumns.IGNORE);
    assertEquals(2, d.length(0));
    assertEquals(7, d.get(0, 1, d.field("y"), 1));
  }

  @Test
  void emptyFile() throws IOException {
    DataFormatException e = reject("");
    assertEquals(at("line 1: the file is empty; the header must name the columns n, t, x[0]..x[3], a, y[0]..y[1]"),
        e.getMessage());
    assertEquals(1, e.line());
    assertEquals(0, e.column());
  }

  @Test
  void emptyHeaderLine() throws IOException {
    assertEquals(at("line 1: the header line is empty; the header must name the columns n, t, x[0]..x[3], a, "
        + "y[0]..y[1]"), reject("\n" + HEADER + "\n" + ROW00 + "\n").getMessage());
  }

  @Test
  void headerOnly() throws IOException {
    assertEquals(at("line 1: the file has a header but no records"), reject(HEADER + "\n").getMessage());
    assertEquals(at("line 1: the file has a header but no records"), reject(HEADER + "\r\n\r\n").getMessage());
  }

  @Test
  void missingColumnAtTheEndOfAField() throws IOException {
    DataFormatException e = reject("n,t,x[0],x[1],x[2],a,y[0],y[1]\n0,0,1,2,3,5,6,7\n");
    assertEquals(at("line 1: column x[3] is missing: the header has x[0]..x[2], but field x has arity 4"),
        e.getMessage());
    assertEquals(1, e.line());
    assertEquals(0, e.column());
    assertEquals("x[3]", e.columnName());
    assertEquals(dir.resolve("d.csv"), e.file());
    assertEquals(-1, e.byteOffset());
  }

  @Test
  void missingColumnInsideAField() throws IOException {
    assertEquals(at("line 1: column x[1] is missing: field x has arity 4 (columns x[0]..x[3])"),
        reject("n,t,x[0],x[2],x[3],a,y[0],y[1]\n").getMessage());
  }

  @Test
  void missingField() throws IOException {
    assertEquals(at("line 1: field y (arity 2) has no columns: expected y[0]..y[1]"),
        reject("n,t,x[0],x[1],x[2],x[3],a\n").getMessage());
    assertEquals(at("line 1: field a (arity 1) has no columns: expected a or a[0]"),
        reject("n,t,x[0],x[1],x[2],x[3],y[0],y[1]\n").getMessage());
  }

  @Test
  void missingKey() throws IOException {
    DataFormatException e = reject("t,x[0],x[1],x[2],x[3],a,y[0],y[1]\n");
    assertEquals(at("line 1: column n is missing; the header must name the columns n, t, x[0]..x[3], a, y[0]..y[1]"),
        e.getMessage());
    assertEquals("n", e.columnName());
    assertEquals(at("line 1: column t is missing; the header must name the columns n, t, x[0]..x[3], a, y[0]..y[1]"),
        reject("n,x[0],x[1],x[2],x[3],a,y[0],y[1]\n").getMessage());
  }

  @Test
  void indexBeyondArity() throws IOException {
    DataFormatException e = reject("n,t,x[0],x[1],x[2],x[3],x[4],a,y[0],y[1]\n");
    assertEquals(at("line 1, column 7 (x[4]): index 4 is beyond the arity of field x, which is 4 "
        + "(columns x[0]..x[3])"), e.getMessage());
    assertEquals(7, e.column());
    assertEquals("x[4]", e.columnName());
    assertEquals(at("line 1, column 8 (a[1]): index 1 is beyond the arity of field a, which is 1 (columns a[0])"),
        reject("n,t,x[0],x[1],x[2],x[3],a,a[1],y[0],y[1]\n").getMessage());
  }

  @Test
  void fieldOfArityAboveOneWithoutIndex() throws IOException {
    assertEquals(at("line 1, column 3 (x): field x has arity 4: name its columns x[0]..x[3]"),
        reject("n,t,x,a,y[0],y[1]\n").getMessage());
  }

  @Test
  void malformedColumnName() throws IOException {
    assertEquals(at("line 1, column 4 (x[01]): malformed column name: expected x[i] with i in 0..3"),
        reject("n,t,x[0],x[01],x[2],x[3],a,y[0],y[1]\n").getMessage());
    assertEquals(at("line 1, column 4 (x[1): malformed column name: expected x[i] with i in 0..3"),
        reject("n,t,x[0],x[1,x[2],x[3],a,y[0],y[1]\n").getMessage());
  }

  @Test
  void duplicateColumn() throws IOException {
    assertEquals(at("line 1, column 5 (x[1]): duplicate of column 4 (x[1])"),
        reject("n,t,x[0],x[1],x[1],x[2],x[3],a,y[0],y[1]\n").getMessage());
    assertEquals(at("line 1, column 8 (a[0]): duplicate of column 7 (a)"),
        reject("n,t,x[0],x[1],x[2],x[3],a,a[0],y[0],y[1]\n").getMessage());
    assertEquals(at("line 1, column 3 (n): duplicate of column 1 (n)"),
        reject("n,t,n,x[0],x[1],x[2],x[3],a,y[0],y[1]\n").getMessage());
  }

  @Test
  void extraColumn() throws IOException {
    DataFormatException e = reject(HEADER + ",z\n");
    assertEquals(at("line 1, column 10 (z): no field \"z\" in the schema (x[4], a[1], y[2]); "
        + "DataSets.ExtraColumns.IGNORE skips columns outside the schema"), e.getMessage());
    assertEquals(at("line 1, column 10: the column has no name; "
        + "DataSets.ExtraColumns.IGNORE skips columns outside the schema"), reject(HEADER + ",\n").getMessage());
  }

  @Test
  void malformedNameOfASchemaFieldIsAnErrorEvenWhenIgnoringExtraColumns() throws IOException {
    assertEquals(at("line 1, column 4 (x[one]): malformed column name: expected x[i] with i in 0..3"),
        reject("n,t,x[0],x[one],x[1],x[2],x[3],a,y[0],y[1]\n", DataSets.ExtraColumns.IGNORE).getMessage());
  }

  @Test
  void rowWithTooFewCells() throws IOException {
    DataFormatException e = reject(HEADER + "\n" + ROW00 + "\n0,1,1,2,3,4,5,6\n");
    assertEquals(at("line 3, column 9 (y[1]): the column is missing: the row has 8 cells, the header has 9 columns"),
        e.getMessage());
    assertEquals(3, e.line());
    assertEquals(9, e.column());
  }

  @Test
  void rowWithTooManyCells() throws IOException {
    DataFormatException e = reject(HEADER + "\n" + ROW00 + ",8\n");
    assertEquals(at("line 2, column 10: the row has 10 cells, the header has 9 columns"), e.getMessage());
    assertNull(e.columnName());
  }

  @Test
  void nonNumericCell() throws IOException {
    DataFormatException e = reject(HEADER + "\n" + ROW00 + "\n0,1,1,abc,3,4,5,6,7\n");
    assertEquals(at("line 3, column 4 (x[1]): \"abc\" is not a number"), e.getMessage());
    assertEquals(3, e.line());
    assertEquals(4, e.column());
    assertEquals("x[1]", e.columnName());
    assertEquals("\"abc\" is not a number", e.reason());
    assertEquals(at("line 2, column 7 (a): \"1d\" is not a number"),
        reject(HEADER + "\n0,0,1,2,3,4,1d,6,7\n").getMessage());
    assertEquals(at("line 2, column 8 (y[0]): \"0x1p3\" is not a number"),
        reject(HEADER + "\n0,0,1,2,3,4,5,0x1p3,7\n").getMessage());
    assertEquals(at("line 2, column 9 (y[1]): \"1e\" is not a number"),
        reject(HEADER + "\n0,0,1,2,3,4,5,6,1e\n").getMessage());
  }

  @Test
  void emptyCell() throws IOException {
    assertEquals(at("line 2, column 3 (x[0]): the cell is empty; expected a number"),
        reject(HEADER + "\n0,0, ,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void nanAndInfinityAreRejected() throws IOException {
    assertEquals(at("line 2, column 3 (x[0]): \"NaN\" is not finite: NaN and infinite values are not allowed"),
        reject(HEADER + "\n0,0,NaN,2,3,4,5,6,7\n").getMessage());
    assertEquals(at("line 2, column 6 (x[3]): \"-Infinity\" is not finite: NaN and infinite values are not allowed"),
        reject(HEADER + "\n0,0,1,2,3,-Infinity,5,6,7\n").getMessage());
    assertEquals(at("line 2, column 7 (a): \"inf\" is not finite: NaN and infinite values are not allowed"),
        reject(HEADER + "\n0,0,1,2,3,4,inf,6,7\n").getMessage());
    assertEquals(at("line 2, column 8 (y[0]): \"-1e999\" overflows to infinity: NaN and infinite values are "
        + "not allowed"), reject(HEADER + "\n0,0,1,2,3,4,5,-1e999,7\n").getMessage());
  }

  @Test
  void keysMustBeIntegers() throws IOException {
    assertEquals(at("line 2, column 1 (n): \"1.5\" is not a valid n: n must be an integer 0, 1, 2, …"),
        reject(HEADER + "\n1.5,0,1,2,3,4,5,6,7\n").getMessage());
    assertEquals(at("line 2, column 2 (t): \"-1\" is not a valid t: t must be an integer 0, 1, 2, …"),
        reject(HEADER + "\n0,-1,1,2,3,4,5,6,7\n").getMessage());
    assertEquals(at("line 2, column 2 (t): the cell is empty; t must be an integer 0, 1, 2, …"),
        reject(HEADER + "\n0,,1,2,3,4,5,6,7\n").getMessage());
    assertEquals(at("line 2, column 1 (n): n = 2147483648 is too large (at most 2147483647)"),
        reject(HEADER + "\n2147483648,0,1,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void firstTrajectoryMustBeZero() throws IOException {
    assertEquals(at("line 2, column 1 (n): the first record has n = 1; trajectories are numbered 0, 1, 2, … "
        + "from the first record on"), reject(HEADER + "\n1,0,1,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void timeStepSkips() throws IOException {
    DataFormatException e = reject(HEADER + "\n" + ROW00 + "\n" + ROW01 + "\n0,3,1,2,3,4,5,6,7\n");
    assertEquals(at("line 4, column 2 (t): t = 3 after t = 1 in trajectory n = 0: t skips t = 2; "
        + "t must run 0, 1, 2, … within a trajectory"), e.getMessage());
    assertEquals(4, e.line());
    assertEquals(2, e.column());
    assertEquals(at("line 3, column 2 (t): t = 4 after t = 0 in trajectory n = 0: t skips t = 1..3; "
        + "t must run 0, 1, 2, … within a trajectory"),
        reject(HEADER + "\n" + ROW00 + "\n0,4,1,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void timeStepRepeats() throws IOException {
    assertEquals(at("line 4, column 2 (t): t = 1 repeats the previous record's time step (n = 0)"),
        reject(HEADER + "\n" + ROW00 + "\n" + ROW01 + "\n" + ROW01 + "\n").getMessage());
  }

  @Test
  void timeStepGoesBack() throws IOException {
    assertEquals(at("line 5, column 2 (t): t = 0 after t = 2 in trajectory n = 0: t goes back; "
        + "t must run 0, 1, 2, … within a trajectory"),
        reject(HEADER + "\n" + ROW00 + "\n" + ROW01 + "\n0,2,1,2,3,4,5,6,7\n" + ROW00 + "\n").getMessage());
  }

  @Test
  void trajectoryMustStartAtZero() throws IOException {
    assertEquals(at("line 3, column 2 (t): trajectory n = 1 starts at t = 1; every trajectory starts at t = 0"),
        reject(HEADER + "\n" + ROW00 + "\n1,1,1,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void trajectoryGoesBack() throws IOException {
    assertEquals(at("line 4, column 1 (n): n = 0 after n = 1: n goes back; each trajectory's records must be "
        + "contiguous, trajectories in order 0, 1, 2, …"),
        reject(HEADER + "\n" + ROW00 + "\n1,0,1,2,3,4,5,6,7\n" + ROW01 + "\n").getMessage());
  }

  @Test
  void trajectorySkips() throws IOException {
    assertEquals(at("line 3, column 1 (n): n = 2 after n = 0: n skips trajectory 1; trajectories are numbered "
        + "0, 1, 2, … without gaps"), reject(HEADER + "\n" + ROW00 + "\n2,0,1,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void emptyLineInsideTheData() throws IOException {
    assertEquals(at("line 3: empty line inside the data (empty lines are allowed only at the end of the file)"),
        reject(HEADER + "\n" + ROW00 + "\n\n" + ROW01 + "\n").getMessage());
  }

  @Test
  void unclosedQuote() throws IOException {
    assertEquals(at("line 2, column 5 (x[2]): the quoted cell is not closed on this line "
        + "(quoted line breaks are not supported)"), reject(HEADER + "\n0,0,1,2,\"3,4,5,6,7\n").getMessage());
    assertEquals(at("line 1, column 2: the quoted cell is not closed on this line "
        + "(quoted line breaks are not supported)"), reject("n,\"t\n").getMessage());
  }

  @Test
  void textAfterClosingQuote() throws IOException {
    assertEquals(at("line 2, column 3 (x[0]): text after the closing quote of a quoted cell"),
        reject(HEADER + "\n0,0,\"1\"2,2,3,4,5,6,7\n").getMessage());
  }

  @Test
  void invalidUtf8() throws IOException {
    Path f = dir.resolve("d.csv");
    Files.write(f, (HEADER + "\n0,0,1,2,3,4,5,6,\u00ff\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.readCsv(f, XAY));
    assertEquals(at("line 1: the file is not valid UTF-8 (at or after this line)"), e.getMessage());
  }
}
