package dev.authsidecar.testing;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every value of every table of the sidecar's schema, read over a raw JDBC connection. */
public final class DatabaseCells {
  private DatabaseCells() {}

  /** One non-null value: where it is, its bytes (binary columns raw, others as text). */
  public record Cell(String table, String column, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public boolean contains(byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= bytes.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    public boolean containsText(String needle) {
      return text().toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return table + "." + column + "=" + text();
    }
  }

  /** The names of the tables in the connection's current schema, in lower case. */
  public static List<String> tables(TestDatabase database) throws SQLException {
    try (Connection c = database.connect()) {
      return tables(c);
    }
  }

  public static List<Cell> all(TestDatabase database) throws SQLException {
    List<Cell> cells = new ArrayList<>();
    try (Connection c = database.connect()) {
      for (String table : tables(c)) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          var meta = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              byte[] value = isBinary(meta.getColumnType(i)) ? rs.getBytes(i) : textOf(rs, i);
              if (value != null) {
                cells.add(new Cell(table, meta.getColumnName(i).toLowerCase(Locale.ROOT), value));
              }
            }
          }
        }
      }
    }
    return cells;
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return tables;
  }

  private static byte[] textOf(ResultSet rs, int column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? null : value.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean isBinary(int type) {
    return type == Types.BINARY
        || type == Types.VARBINARY
        || type == Types.LONGVARBINARY
        || type == Types.BLOB;
  }
}
