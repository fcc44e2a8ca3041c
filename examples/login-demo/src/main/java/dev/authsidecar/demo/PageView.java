package dev.authsidecar.demo;

import com.google.protobuf.Struct;
import com.google.protobuf.util.Values;
import dev.authsidecar.api.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.authsidecar.api.v1.Factor;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.VerifyResult;
import dev.authsidecar.demo.Sessions.Session;
import dev.authsidecar.demo.Sessions.Stage;
import dev.authsidecar.demo.UserStore.User;
import java.util.List;
import java.util.Optional;

/**
 * What the page shows of a browser's session: the stage, who is signed in, and the account's
 * factors as {@code AccountService.GetStatus} lists them.
 */
final class PageView {
  private final UserStore users;
  private final AccountServiceBlockingStub account;

  PageView(UserStore users, AccountServiceBlockingStub account) {
    this.users = users;
    this.account = account;
  }

  /** {@code {"stage", "username", "factors"}}; only the stage when nobody is known. */
  Struct describe(Optional<Session> session) {
    Optional<Session> known = session.filter(s -> s.stage != Stage.ANONYMOUS);
    Struct out = Json.object("stage", known.map(s -> s.stage.name()).orElse("SIGNED_OUT"));
    if (known.isEmpty()) {
      return out;
    }
    String userId = known.get().userId;
    return out.toBuilder()
        .putFields("username", Values.of(username(userId)))
        .putFields("factors", Values.of(factors(userId).stream().map(Json::factor).toList()))
        .build();
  }

  /** {@link #describe} with a message for the page. */
  Struct show(Session session, String message) {
    return Json.withMessage(describe(Optional.of(session)), message);
  }

  /** The account's factors: GetStatus. */
  List<Factor> factors(String userId) {
    return account
        .getStatus(GetStatusRequest.newBuilder().setUserId(userId).build())
        .getFactorsList();
  }

  String username(String userId) {
    return users.byId(userId).map(User::username).orElse(userId);
  }

  /** A result as the page names it: {@code VERIFY_RESULT_REJECTED} is "REJECTED". */
  static String result(VerifyResult result) {
    return result.name().replace("VERIFY_RESULT_", "");
  }
}
