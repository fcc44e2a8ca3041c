package dev.authsidecar.store;

import static dev.authsidecar.store.jooq.Tables.ACCOUNTS;
import static dev.authsidecar.store.jooq.Tables.EVENTS;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.authsidecar.events.EventDraft;
import dev.authsidecar.events.EventLog;
import dev.authsidecar.events.EventType;
import dev.authsidecar.events.StoredEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** The events table. Other stores call {@link #insert} inside their own transactions. */
public final class JooqEventStore implements EventLog {
  private static final int MAX_DETAIL_LENGTH = 256;

  private final DSLContext dsl;

  public JooqEventStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Writes the event with whatever transaction {@code db} belongs to. */
  static void insert(DSLContext db, EventDraft event, Instant at) {
    db.insertInto(EVENTS)
        .set(EVENTS.USER_ID, event.userId())
        .set(EVENTS.TYPE, event.type().name())
        .set(EVENTS.ACTOR, event.actor())
        .set(EVENTS.CREATED_AT, at)
        .set(EVENTS.DETAILS, toJson(event.details()))
        .execute();
  }

  @Override
  public void record(EventDraft event, Instant at) {
    insert(dsl, event, at);
  }

  @Override
  public void recordAll(List<Timed> events) {
    dsl.transaction(
        tx -> {
          DSLContext db = tx.dsl();
          // Erasing a user locks the accounts row and redacts the user's events: holding the rows
          // of these users until commit means an erasure either comes after this batch (and
          // redacts it) or before it (and the events of the erased user are left out). Sorted, so
          // that two replicas' batches never wait on each other in a cycle.
          Set<String> users = new TreeSet<>();
          events.forEach(e -> users.add(e.event().userId()));
          var accounts =
              db.select(ACCOUNTS.USER_ID)
                  .from(ACCOUNTS)
                  .where(ACCOUNTS.USER_ID.in(users))
                  .orderBy(ACCOUNTS.USER_ID);
          // PostgreSQL's KEY SHARE conflicts with the erasure's DELETE only, not with the updates
          // of the counters that verifications of these users make meanwhile.
          Set<String> existing =
              new HashSet<>(
                  (db.dialect() == SQLDialect.POSTGRES
                          ? accounts.forKeyShare()
                          : accounts.forUpdate())
                      .fetch(ACCOUNTS.USER_ID));
          var insert =
              db.insertInto(
                  EVENTS,
                  EVENTS.USER_ID,
                  EVENTS.TYPE,
                  EVENTS.ACTOR,
                  EVENTS.CREATED_AT,
                  EVENTS.DETAILS);
          int rows = 0;
          for (Timed e : events) {
            EventDraft event = e.event();
            if (existing.contains(event.userId())) {
              insert =
                  insert.values(
                      event.userId(),
                      event.type().name(),
                      event.actor(),
                      e.at(),
                      toJson(event.details()));
              rows++;
            }
          }
          if (rows > 0) {
            insert.execute();
          }
        });
  }

  @Override
  public List<StoredEvent> after(Optional<String> userId, long afterId, int limit) {
    Condition forUser = userId.map(EVENTS.USER_ID::eq).orElse(DSL.noCondition());
    return dsl.selectFrom(EVENTS)
        .where(EVENTS.ID.gt(afterId))
        .and(forUser)
        .orderBy(EVENTS.ID)
        .limit(limit)
        .fetch(
            r ->
                new StoredEvent(
                    r.getId(),
                    r.getUserId(),
                    EventType.valueOf(r.getType()),
                    r.getActor(),
                    r.getCreatedAt(),
                    fromJson(r.getDetails())));
  }

  @Override
  public long newestId() {
    Long newest = dsl.select(DSL.max(EVENTS.ID)).from(EVENTS).fetchOne(0, Long.class);
    return newest == null ? 0 : newest;
  }

  private static String toJson(Map<String, String> details) {
    Struct.Builder struct = Struct.newBuilder();
    details.forEach(
        (key, value) ->
            struct.putFields(
                key,
                Value.newBuilder()
                    .setStringValue(
                        value.length() > MAX_DETAIL_LENGTH
                            ? value.substring(0, MAX_DETAIL_LENGTH)
                            : value)
                    .build()));
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(struct);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    Struct.Builder struct = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, struct);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("events.details is not JSON", e);
    }
    Map<String, String> details = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((key, value) -> details.put(key, value.getStringValue()));
    return details;
  }
}
