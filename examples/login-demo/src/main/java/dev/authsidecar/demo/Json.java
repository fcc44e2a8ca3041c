package dev.authsidecar.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import com.google.protobuf.util.Values;
import dev.authsidecar.api.v1.Factor;
import java.nio.charset.StandardCharsets;

/**
 * JSON between the page and the demo, as protobuf {@link Struct}s printed by {@code JsonFormat}.
 */
final class Json {
  private Json() {}

  /** An object of string fields, in the order given: {@code object("k1", "v1", "k2", "v2")}. */
  static Struct object(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Struct.Builder out = Struct.newBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.putFields(namesAndValues[i], Values.of(namesAndValues[i + 1]));
    }
    return out.build();
  }

  /** {@code object} with a {@code "message"} for the page added (or replaced). */
  static Struct withMessage(Struct object, String message) {
    return object.toBuilder().putFields("message", Values.of(message)).build();
  }

  /** A string field of the page's request; missing or not a string reads as "". */
  static String field(Struct object, String name) {
    return object.getFieldsOrDefault(name, Value.getDefaultInstance()).getStringValue();
  }

  /** A factor as the page lists it. */
  static Value factor(Factor factor) {
    Struct.Builder out =
        Struct.newBuilder()
            .putFields("id", Values.of(factor.getId()))
            .putFields("type", Values.of(factor.getType().name().replace("FACTOR_TYPE_", "")))
            .putFields("label", Values.of(factor.getLabel()))
            .putFields("createdAt", Values.of(Timestamps.toString(factor.getCreatedAt())));
    if (factor.hasLastUsedAt()) {
      out.putFields("lastUsedAt", Values.of(Timestamps.toString(factor.getLastUsedAt())));
    }
    return Values.of(out.build());
  }

  /** The object in {@code bytes}; no bytes are an empty object. */
  static Struct parse(byte[] bytes) {
    Struct.Builder body = Struct.newBuilder();
    if (bytes.length > 0) {
      try {
        JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), body);
      } catch (InvalidProtocolBufferException e) {
        throw new Failure(400, "the body is not a JSON object");
      }
    }
    return body.build();
  }

  static byte[] print(Struct object) {
    try {
      return JsonFormat.printer()
          .omittingInsignificantWhitespace()
          .print(object)
          .getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Struct always prints", e);
    }
  }
}
