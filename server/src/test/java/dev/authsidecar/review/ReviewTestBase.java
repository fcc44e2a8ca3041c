package dev.authsidecar.review;

import dev.authsidecar.api.v1.DeleteUserRequest;
import dev.authsidecar.api.v1.GenerateCodesRequest;
import dev.authsidecar.api.v1.GetStatusRequest;
import dev.authsidecar.api.v1.GetStatusResponse;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeRequest;
import dev.authsidecar.api.v1.RecoveryCodeServiceVerifyCodeResponse;
import dev.authsidecar.api.v1.ResetUserRequest;
import dev.authsidecar.api.v1.VerifyCodeRequest;
import dev.authsidecar.api.v1.VerifyCodeResponse;
import dev.authsidecar.testing.TestSidecar;
import dev.authsidecar.testing.TwoReplicasTestBase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Helpers shared by the contracts written for the findings of the outside security review. */
abstract class ReviewTestBase extends TwoReplicasTestBase {

  List<String> generate(TestSidecar on, String user) {
    return on.recovery()
        .generateCodes(GenerateCodesRequest.newBuilder().setUserId(user).build())
        .getCodesList();
  }

  VerifyCodeResponse verifyCode(TestSidecar on, String user, String code, String requestId) {
    return on.account()
        .verifyCode(
            VerifyCodeRequest.newBuilder()
                .setUserId(user)
                .setCode(code)
                .setRequestId(requestId)
                .build());
  }

  VerifyCodeResponse verifyCode(String user, String code) {
    return verifyCode(sidecar, user, code, "");
  }

  RecoveryCodeServiceVerifyCodeResponse recoveryCode(
      TestSidecar on, String user, String code, String requestId) {
    return on.recovery()
        .verifyCode(
            RecoveryCodeServiceVerifyCodeRequest.newBuilder()
                .setUserId(user)
                .setCode(code)
                .setRequestId(requestId)
                .build());
  }

  String reset(TestSidecar on, String user) {
    return TestSidecar.asAdmin(on.account())
        .resetUser(
            ResetUserRequest.newBuilder()
                .setUserId(user)
                .setActor("helpdesk")
                .setReason("test")
                .build())
        .getTemporaryCode();
  }

  void delete(TestSidecar on, String user) {
    TestSidecar.asAdmin(on.account())
        .deleteUser(DeleteUserRequest.newBuilder().setUserId(user).build());
  }

  GetStatusResponse status(String user) {
    return sidecar.account().getStatus(GetStatusRequest.newBuilder().setUserId(user).build());
  }

  /** Rows in a table, read over a connection of its own. */
  long rows(String table) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
