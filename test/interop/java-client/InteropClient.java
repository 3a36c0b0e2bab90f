import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.latchkey.machine.v1.CreateMachineRequest;
import com.latchkey.machine.v1.CreateMachineResponse;
import com.latchkey.machine.v1.GetMachineRequest;
import com.latchkey.machine.v1.ListMachinesRequest;
import com.latchkey.machine.v1.MachineServiceGrpc;
import com.latchkey.scope.v1.CheckPermissionRequest;
import com.latchkey.scope.v1.CheckPermissionResponse;
import com.latchkey.scope.v1.CreateRoleRequest;
import com.latchkey.scope.v1.CreateScopeRequest;
import com.latchkey.scope.v1.CreateScopeTypeRequest;
import com.latchkey.scope.v1.MembershipSpec;
import com.latchkey.scope.v1.ScopeServiceGrpc;
import com.latchkey.token.v1.CreateTokenRequest;
import com.latchkey.token.v1.TokenServiceGrpc;
import com.latchkey.token.v1.VerifyTokenRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A latchkey client written with Debian's libgrpc-java and the stubs in gen/java.
 *
 * <p>Run by test/interop.test.ts against a real server: LATCHKEY_URL (host:port), LATCHKEY_KEY (an
 * instance key). Prints one JSON object with what it saw, the same one the Python and Go clients print.
 */
public final class InteropClient {
  private static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);
  private static final String ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";

  public static void main(String[] args) throws Exception {
    String key = System.getenv("LATCHKEY_KEY");
    ManagedChannel channel = NettyChannelBuilder.forTarget(System.getenv("LATCHKEY_URL")).usePlaintext().build();
    Map<String, Object> seen = new LinkedHashMap<>();
    try {
      MachineServiceGrpc.MachineServiceBlockingStub anonymous = MachineServiceGrpc.newBlockingStub(channel);
      MachineServiceGrpc.MachineServiceBlockingStub machines = withKey(anonymous, key);

      CreateMachineResponse receiver =
          machines.createMachine(CreateMachineRequest.newBuilder().setName("java receiver").build());
      CreateMachineResponse caller =
          machines.createMachine(
              CreateMachineRequest.newBuilder()
                  .setName("java caller")
                  .addScopedMachineIds(receiver.getMachine().getId())
                  .build());
      String callerId = caller.getMachine().getId();
      seen.put("created", caller.getMachine().getName());
      seen.put(
          "got", machines.getMachine(GetMachineRequest.newBuilder().setId(callerId).build()).getMachine().getName());
      List<Object> streamed = new ArrayList<>();
      machines
          .listMachines(ListMachinesRequest.newBuilder().setQuery("java").build())
          .forEachRemaining(batch -> batch.getMachinesList().forEach(machine -> streamed.add(machine.getName())));
      seen.put("streamed", streamed);

      try {
        anonymous.getMachine(GetMachineRequest.newBuilder().setId(callerId).build());
      } catch (StatusRuntimeException error) {
        seen.put("without_key", error.getStatus().getCode().name());
      }
      try {
        machines.getMachine(GetMachineRequest.newBuilder().setId("mch_" + "0".repeat(27)).build());
      } catch (StatusRuntimeException error) {
        seen.put("missing", error.getStatus().getCode().name());
        seen.put("missing_error_info", errorInfo(error));
      }

      TokenServiceGrpc.TokenServiceBlockingStub tokens = TokenServiceGrpc.newBlockingStub(channel);
      String token = withKey(tokens, caller.getSecretKey()).createToken(CreateTokenRequest.getDefaultInstance()).getSecret();
      String subject =
          withKey(tokens, receiver.getSecretKey())
              .verifyToken(VerifyTokenRequest.newBuilder().setToken(token).build())
              .getToken()
              .getSubject();
      seen.put("verified_subject_is_caller", subject.equals(callerId));

      // The receiver asks, with its own machine key, whether the caller may deploy.
      ScopeServiceGrpc.ScopeServiceBlockingStub scopes = ScopeServiceGrpc.newBlockingStub(channel);
      ScopeServiceGrpc.ScopeServiceBlockingStub admin = withKey(scopes, key);
      admin.createScopeType(CreateScopeTypeRequest.newBuilder().setId("type_team").setName("Team").build());
      admin.createRole(
          CreateRoleRequest.newBuilder().setId("role_deployer").setName("Deployer").addPermissions("deploy:*").build());
      admin.createScope(
          CreateScopeRequest.newBuilder()
              .setId("scope_interop")
              .setName("Interop")
              .setTypeId("type_team")
              .addMemberships(MembershipSpec.newBuilder().setSubjectId(callerId).addRoleIds("role_deployer"))
              .build());
      CheckPermissionResponse check =
          withKey(scopes, receiver.getSecretKey())
              .checkPermission(
                  CheckPermissionRequest.newBuilder()
                      .setSubjectId(callerId)
                      .setScopeId("scope_interop")
                      .setPermission("deploy:prod")
                      .build());
      seen.put("caller_may_deploy", check.getAllowed());
      seen.put("granted_by_role", check.getGrants(0).getRoleId());
      System.out.println(json(seen));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** withKey returns `stub` sending `key` as the bearer on every call. */
  private static <S extends AbstractStub<S>> S withKey(S stub, String key) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /**
   * errorInfo reads the google.rpc.ErrorInfo from the grpc-status-details-bin trailer, by field number.
   * Debian ships no Java classes for googleapis' google/rpc protos, so the three messages involved are read
   * as unknown fields: Status.details = 3 (each a google.protobuf.Any: type_url = 1, value = 2) and
   * ErrorInfo reason = 1, domain = 2, metadata = 3 (map entries: key = 1, value = 2).
   */
  private static Map<String, Object> errorInfo(StatusRuntimeException error) throws InvalidProtocolBufferException {
    byte[] details = error.getTrailers() == null ? null : error.getTrailers().get(STATUS_DETAILS);
    if (details == null) return null;
    for (ByteString detail : field(UnknownFieldSet.parseFrom(details), 3)) {
      UnknownFieldSet any = UnknownFieldSet.parseFrom(detail);
      if (!string(any, 1).equals(ERROR_INFO_TYPE)) continue;
      UnknownFieldSet info = UnknownFieldSet.parseFrom(one(any, 2));
      Map<String, Object> metadata = new TreeMap<>();
      for (ByteString entry : field(info, 3)) {
        UnknownFieldSet pair = UnknownFieldSet.parseFrom(entry);
        metadata.put(string(pair, 1), string(pair, 2));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("reason", string(info, 1));
      result.put("domain", string(info, 2));
      result.put("metadata", metadata);
      return result;
    }
    return null;
  }

  /** field is every length-delimited value of field `number`. */
  private static List<ByteString> field(UnknownFieldSet message, int number) {
    return message.hasField(number) ? message.getField(number).getLengthDelimitedList() : List.of();
  }

  /** one is the last value of field `number` (proto3 semantics), empty when absent. */
  private static ByteString one(UnknownFieldSet message, int number) {
    List<ByteString> values = field(message, number);
    return values.isEmpty() ? ByteString.EMPTY : values.get(values.size() - 1);
  }

  private static String string(UnknownFieldSet message, int number) {
    return one(message, number).toStringUtf8();
  }

  /** json writes maps, lists, strings and booleans (all this client prints) as JSON. */
  private static String json(Object value) {
    if (value == null) return "null";
    if (value instanceof Boolean) return value.toString();
    if (value instanceof String) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : ((String) value).toCharArray()) {
        if (c == '"' || c == '\\') out.append('\\').append(c);
        else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
        else out.append(c);
      }
      return out.append('"').toString();
    }
    if (value instanceof List) {
      List<String> items = new ArrayList<>();
      for (Object item : (List<?>) value) items.add(json(item));
      return "[" + String.join(",", items) + "]";
    }
    List<String> members = new ArrayList<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
      members.add(json(entry.getKey()) + ":" + json(entry.getValue()));
    }
    return "{" + String.join(",", members) + "}";
  }
}
