package dev.authsidecar.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;

/**
 * Builds a well-formed request message whose field values come from the fuzzer, walking the
 * message's descriptor, so every field of every request (and fields added later) is fuzzed without
 * a hand-written builder per method.
 *
 * <p>A string field is either fuzzer-made or one of {@code known}: ids and codes that exist in the
 * fuzzed sidecar, so that calls get past "not found" into the logic behind it.
 */
final class FuzzedMessages {
  /** Nesting depth past which message fields stay unset (Timestamp, Duration, proofs). */
  private static final int MAX_DEPTH = 3;

  private static final int MAX_REPEATED = 4;
  private static final int MAX_STRING = 300;
  private static final int MAX_BYTES = 300;

  private final List<String> known;

  FuzzedMessages(List<String> known) {
    this.known = List.copyOf(known);
  }

  /** A message of {@code prototype}'s type with fuzzed fields. */
  Message build(Message prototype, FuzzedDataProvider data) {
    Message.Builder builder = prototype.newBuilderForType();
    fill(builder, data, 0);
    return builder.build();
  }

  private void fill(Message.Builder builder, FuzzedDataProvider data, int depth) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (!data.consumeBoolean()) {
        continue;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
        continue;
      }
      if (field.isRepeated()) {
        int count = data.consumeInt(0, MAX_REPEATED);
        for (int i = 0; i < count; i++) {
          builder.addRepeatedField(field, value(builder, field, data, depth));
        }
      } else {
        builder.setField(field, value(builder, field, data, depth));
      }
    }
  }

  private Object value(
      Message.Builder parent, FieldDescriptor field, FuzzedDataProvider data, int depth) {
    return switch (field.getJavaType()) {
      case INT -> data.consumeInt();
      case LONG -> data.consumeLong();
      case FLOAT -> data.consumeFloat();
      case DOUBLE -> data.consumeDouble();
      case BOOLEAN -> data.consumeBoolean();
      case STRING -> string(data);
      case BYTE_STRING -> ByteString.copyFrom(data.consumeBytes(MAX_BYTES));
      // Proto3 enums are open: numbers past the known values arrive as UNRECOGNIZED.
      case ENUM -> field.getEnumType().findValueByNumberCreatingIfUnknown(data.consumeInt(-2, 16));
      case MESSAGE -> {
        Message.Builder nested = parent.newBuilderForField(field);
        fill(nested, data, depth + 1);
        yield nested.build();
      }
    };
  }

  private String string(FuzzedDataProvider data) {
    return data.consumeBoolean() ? data.pickValue(known) : data.consumeString(MAX_STRING);
  }
}
