package com.latchkey.token.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * TokenService issues and checks machine-to-machine tokens.
 * A machine calls CreateToken with its own secret key (`Authorization: Bearer
 * ak_…`) and sends the token to another machine, which calls VerifyToken with
 * its own secret key. Verification always checks that the verifying machine is
 * one of the token's scopes.
 * Lifetimes. A token stops verifying when it expires, when it is revoked, or
 * when its subject machine is deleted. Rotating the subject's secret key cuts
 * the lifetime of the tokens made with the replaced key to that key's grace
 * period (at once when the grace period is 0): a leaked machine key cannot
 * leave tokens behind that outlive it.
 * JWTs are not stored, so revocation and key rotation do not reach them; keep
 * their lifetimes short. VerifyToken still refuses a JWT whose subject was
 * deleted.
 * Token failures in VerifyToken are NOT_FOUND (reason TOKEN_NOT_FOUND) or
 * PERMISSION_DENIED (TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_NOT_FOR_RECEIVER, and
 * TOKEN_NOT_YET_VALID for a JWT before its nbf);
 * the reason is in a google.rpc.ErrorInfo detail. Expiry is judged by
 * the server's clock, with no skew allowance. Problems with the caller's own
 * key are UNAUTHENTICATED.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: latchkey/token/v1/token_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class TokenServiceGrpc {

  private TokenServiceGrpc() {}

  public static final String SERVICE_NAME = "latchkey.token.v1.TokenService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.latchkey.token.v1.CreateTokenRequest,
      com.latchkey.token.v1.CreateTokenResponse> getCreateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateToken",
      requestType = com.latchkey.token.v1.CreateTokenRequest.class,
      responseType = com.latchkey.token.v1.CreateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.token.v1.CreateTokenRequest,
      com.latchkey.token.v1.CreateTokenResponse> getCreateTokenMethod() {
    io.grpc.MethodDescriptor<com.latchkey.token.v1.CreateTokenRequest, com.latchkey.token.v1.CreateTokenResponse> getCreateTokenMethod;
    if ((getCreateTokenMethod = TokenServiceGrpc.getCreateTokenMethod) == null) {
      synchronized (TokenServiceGrpc.class) {
        if ((getCreateTokenMethod = TokenServiceGrpc.getCreateTokenMethod) == null) {
          TokenServiceGrpc.getCreateTokenMethod = getCreateTokenMethod =
              io.grpc.MethodDescriptor.<com.latchkey.token.v1.CreateTokenRequest, com.latchkey.token.v1.CreateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.CreateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.CreateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TokenServiceMethodDescriptorSupplier("CreateToken"))
              .build();
        }
      }
    }
    return getCreateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.token.v1.VerifyTokenRequest,
      com.latchkey.token.v1.VerifyTokenResponse> getVerifyTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "VerifyToken",
      requestType = com.latchkey.token.v1.VerifyTokenRequest.class,
      responseType = com.latchkey.token.v1.VerifyTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.token.v1.VerifyTokenRequest,
      com.latchkey.token.v1.VerifyTokenResponse> getVerifyTokenMethod() {
    io.grpc.MethodDescriptor<com.latchkey.token.v1.VerifyTokenRequest, com.latchkey.token.v1.VerifyTokenResponse> getVerifyTokenMethod;
    if ((getVerifyTokenMethod = TokenServiceGrpc.getVerifyTokenMethod) == null) {
      synchronized (TokenServiceGrpc.class) {
        if ((getVerifyTokenMethod = TokenServiceGrpc.getVerifyTokenMethod) == null) {
          TokenServiceGrpc.getVerifyTokenMethod = getVerifyTokenMethod =
              io.grpc.MethodDescriptor.<com.latchkey.token.v1.VerifyTokenRequest, com.latchkey.token.v1.VerifyTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "VerifyToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.VerifyTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.VerifyTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TokenServiceMethodDescriptorSupplier("VerifyToken"))
              .build();
        }
      }
    }
    return getVerifyTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.token.v1.ListTokensRequest,
      com.latchkey.token.v1.ListTokensResponse> getListTokensMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTokens",
      requestType = com.latchkey.token.v1.ListTokensRequest.class,
      responseType = com.latchkey.token.v1.ListTokensResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.token.v1.ListTokensRequest,
      com.latchkey.token.v1.ListTokensResponse> getListTokensMethod() {
    io.grpc.MethodDescriptor<com.latchkey.token.v1.ListTokensRequest, com.latchkey.token.v1.ListTokensResponse> getListTokensMethod;
    if ((getListTokensMethod = TokenServiceGrpc.getListTokensMethod) == null) {
      synchronized (TokenServiceGrpc.class) {
        if ((getListTokensMethod = TokenServiceGrpc.getListTokensMethod) == null) {
          TokenServiceGrpc.getListTokensMethod = getListTokensMethod =
              io.grpc.MethodDescriptor.<com.latchkey.token.v1.ListTokensRequest, com.latchkey.token.v1.ListTokensResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTokens"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.ListTokensRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.ListTokensResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TokenServiceMethodDescriptorSupplier("ListTokens"))
              .build();
        }
      }
    }
    return getListTokensMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.token.v1.RevokeTokenRequest,
      com.latchkey.token.v1.RevokeTokenResponse> getRevokeTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeToken",
      requestType = com.latchkey.token.v1.RevokeTokenRequest.class,
      responseType = com.latchkey.token.v1.RevokeTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.token.v1.RevokeTokenRequest,
      com.latchkey.token.v1.RevokeTokenResponse> getRevokeTokenMethod() {
    io.grpc.MethodDescriptor<com.latchkey.token.v1.RevokeTokenRequest, com.latchkey.token.v1.RevokeTokenResponse> getRevokeTokenMethod;
    if ((getRevokeTokenMethod = TokenServiceGrpc.getRevokeTokenMethod) == null) {
      synchronized (TokenServiceGrpc.class) {
        if ((getRevokeTokenMethod = TokenServiceGrpc.getRevokeTokenMethod) == null) {
          TokenServiceGrpc.getRevokeTokenMethod = getRevokeTokenMethod =
              io.grpc.MethodDescriptor.<com.latchkey.token.v1.RevokeTokenRequest, com.latchkey.token.v1.RevokeTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.RevokeTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.RevokeTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TokenServiceMethodDescriptorSupplier("RevokeToken"))
              .build();
        }
      }
    }
    return getRevokeTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.token.v1.RotateSigningKeyRequest,
      com.latchkey.token.v1.RotateSigningKeyResponse> getRotateSigningKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RotateSigningKey",
      requestType = com.latchkey.token.v1.RotateSigningKeyRequest.class,
      responseType = com.latchkey.token.v1.RotateSigningKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.token.v1.RotateSigningKeyRequest,
      com.latchkey.token.v1.RotateSigningKeyResponse> getRotateSigningKeyMethod() {
    io.grpc.MethodDescriptor<com.latchkey.token.v1.RotateSigningKeyRequest, com.latchkey.token.v1.RotateSigningKeyResponse> getRotateSigningKeyMethod;
    if ((getRotateSigningKeyMethod = TokenServiceGrpc.getRotateSigningKeyMethod) == null) {
      synchronized (TokenServiceGrpc.class) {
        if ((getRotateSigningKeyMethod = TokenServiceGrpc.getRotateSigningKeyMethod) == null) {
          TokenServiceGrpc.getRotateSigningKeyMethod = getRotateSigningKeyMethod =
              io.grpc.MethodDescriptor.<com.latchkey.token.v1.RotateSigningKeyRequest, com.latchkey.token.v1.RotateSigningKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RotateSigningKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.RotateSigningKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.token.v1.RotateSigningKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TokenServiceMethodDescriptorSupplier("RotateSigningKey"))
              .build();
        }
      }
    }
    return getRotateSigningKeyMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TokenServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TokenServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TokenServiceStub>() {
        @java.lang.Override
        public TokenServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TokenServiceStub(channel, callOptions);
        }
      };
    return TokenServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TokenServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TokenServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TokenServiceBlockingStub>() {
        @java.lang.Override
        public TokenServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TokenServiceBlockingStub(channel, callOptions);
        }
      };
    return TokenServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TokenServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TokenServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TokenServiceFutureStub>() {
        @java.lang.Override
        public TokenServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TokenServiceFutureStub(channel, callOptions);
        }
      };
    return TokenServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * TokenService issues and checks machine-to-machine tokens.
   * A machine calls CreateToken with its own secret key (`Authorization: Bearer
   * ak_…`) and sends the token to another machine, which calls VerifyToken with
   * its own secret key. Verification always checks that the verifying machine is
   * one of the token's scopes.
   * Lifetimes. A token stops verifying when it expires, when it is revoked, or
   * when its subject machine is deleted. Rotating the subject's secret key cuts
   * the lifetime of the tokens made with the replaced key to that key's grace
   * period (at once when the grace period is 0): a leaked machine key cannot
   * leave tokens behind that outlive it.
   * JWTs are not stored, so revocation and key rotation do not reach them; keep
   * their lifetimes short. VerifyToken still refuses a JWT whose subject was
   * deleted.
   * Token failures in VerifyToken are NOT_FOUND (reason TOKEN_NOT_FOUND) or
   * PERMISSION_DENIED (TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_NOT_FOR_RECEIVER, and
   * TOKEN_NOT_YET_VALID for a JWT before its nbf);
   * the reason is in a google.rpc.ErrorInfo detail. Expiry is judged by
   * the server's clock, with no skew allowance. Problems with the caller's own
   * key are UNAUTHENTICATED.
   * </pre>
   */
  public static abstract class TokenServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * CreateToken makes a token for the calling machine. Only a machine secret
     * key may call it: an instance key is PERMISSION_DENIED. A token never
     * outlives the key that mints it: a previous key in its grace period mints
     * tokens that expire at the grace end at the latest. Minting and key
     * rotation are serialised: a key that a rotation ended first is
     * UNAUTHENTICATED, and a token minted first is cut by the rotation.
     * Errors: INVALID_ARGUMENT (seconds_until_expiration,
     * min_remaining_ttl_seconds, claims), PERMISSION_DENIED, UNAUTHENTICATED.
     * </pre>
     */
    public void createToken(com.latchkey.token.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * VerifyToken checks a token on behalf of its receiver and returns what it
     * says. With a machine key the receiver is the calling machine; with an
     * instance key the caller names the receiver in `receiver_machine_id`.
     * A successful verification updates the token's last_used_time.
     * Errors: INVALID_ARGUMENT (token empty, receiver_machine_id malformed,
     * missing with an instance key, or naming another machine with a machine
     * key), NOT_FOUND, PERMISSION_DENIED (see the service comment).
     * </pre>
     */
    public void verifyToken(com.latchkey.token.v1.VerifyTokenRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.VerifyTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getVerifyTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListTokens lists a machine's tokens, newest first. A machine key lists
     * only its own tokens.
     * Errors: INVALID_ARGUMENT (subject_machine_id, page_size, page_token),
     * NOT_FOUND (no such machine), PERMISSION_DENIED (a machine key asking for
     * another machine's tokens).
     * </pre>
     */
    public void listTokens(com.latchkey.token.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTokensMethod(), responseObserver);
    }

    /**
     * <pre>
     * RevokeToken revokes a token; it fails verification from the next call on.
     * Revoking a revoked token returns it unchanged (the first reason stays). A
     * machine key may revoke only its own tokens.
     * Errors: INVALID_ARGUMENT (id malformed, reason over 255 characters),
     * NOT_FOUND.
     * </pre>
     */
    public void revokeToken(com.latchkey.token.v1.RevokeTokenRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.RevokeTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * RotateSigningKey makes a new current JWT signing key for the caller's
     * instance. The previous key stays in the JWKS until the last token it
     * signed has expired. Needs an instance key.
     * Errors: PERMISSION_DENIED (a machine key).
     * </pre>
     */
    public void rotateSigningKey(com.latchkey.token.v1.RotateSigningKeyRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.RotateSigningKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRotateSigningKeyMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.token.v1.CreateTokenRequest,
                com.latchkey.token.v1.CreateTokenResponse>(
                  this, METHODID_CREATE_TOKEN)))
          .addMethod(
            getVerifyTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.token.v1.VerifyTokenRequest,
                com.latchkey.token.v1.VerifyTokenResponse>(
                  this, METHODID_VERIFY_TOKEN)))
          .addMethod(
            getListTokensMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.token.v1.ListTokensRequest,
                com.latchkey.token.v1.ListTokensResponse>(
                  this, METHODID_LIST_TOKENS)))
          .addMethod(
            getRevokeTokenMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.token.v1.RevokeTokenRequest,
                com.latchkey.token.v1.RevokeTokenResponse>(
                  this, METHODID_REVOKE_TOKEN)))
          .addMethod(
            getRotateSigningKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.token.v1.RotateSigningKeyRequest,
                com.latchkey.token.v1.RotateSigningKeyResponse>(
                  this, METHODID_ROTATE_SIGNING_KEY)))
          .build();
    }
  }

  /**
   * <pre>
   * TokenService issues and checks machine-to-machine tokens.
   * A machine calls CreateToken with its own secret key (`Authorization: Bearer
   * ak_…`) and sends the token to another machine, which calls VerifyToken with
   * its own secret key. Verification always checks that the verifying machine is
   * one of the token's scopes.
   * Lifetimes. A token stops verifying when it expires, when it is revoked, or
   * when its subject machine is deleted. Rotating the subject's secret key cuts
   * the lifetime of the tokens made with the replaced key to that key's grace
   * period (at once when the grace period is 0): a leaked machine key cannot
   * leave tokens behind that outlive it.
   * JWTs are not stored, so revocation and key rotation do not reach them; keep
   * their lifetimes short. VerifyToken still refuses a JWT whose subject was
   * deleted.
   * Token failures in VerifyToken are NOT_FOUND (reason TOKEN_NOT_FOUND) or
   * PERMISSION_DENIED (TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_NOT_FOR_RECEIVER, and
   * TOKEN_NOT_YET_VALID for a JWT before its nbf);
   * the reason is in a google.rpc.ErrorInfo detail. Expiry is judged by
   * the server's clock, with no skew allowance. Problems with the caller's own
   * key are UNAUTHENTICATED.
   * </pre>
   */
  public static final class TokenServiceStub extends io.grpc.stub.AbstractAsyncStub<TokenServiceStub> {
    private TokenServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TokenServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TokenServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateToken makes a token for the calling machine. Only a machine secret
     * key may call it: an instance key is PERMISSION_DENIED. A token never
     * outlives the key that mints it: a previous key in its grace period mints
     * tokens that expire at the grace end at the latest. Minting and key
     * rotation are serialised: a key that a rotation ended first is
     * UNAUTHENTICATED, and a token minted first is cut by the rotation.
     * Errors: INVALID_ARGUMENT (seconds_until_expiration,
     * min_remaining_ttl_seconds, claims), PERMISSION_DENIED, UNAUTHENTICATED.
     * </pre>
     */
    public void createToken(com.latchkey.token.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * VerifyToken checks a token on behalf of its receiver and returns what it
     * says. With a machine key the receiver is the calling machine; with an
     * instance key the caller names the receiver in `receiver_machine_id`.
     * A successful verification updates the token's last_used_time.
     * Errors: INVALID_ARGUMENT (token empty, receiver_machine_id malformed,
     * missing with an instance key, or naming another machine with a machine
     * key), NOT_FOUND, PERMISSION_DENIED (see the service comment).
     * </pre>
     */
    public void verifyToken(com.latchkey.token.v1.VerifyTokenRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.VerifyTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getVerifyTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListTokens lists a machine's tokens, newest first. A machine key lists
     * only its own tokens.
     * Errors: INVALID_ARGUMENT (subject_machine_id, page_size, page_token),
     * NOT_FOUND (no such machine), PERMISSION_DENIED (a machine key asking for
     * another machine's tokens).
     * </pre>
     */
    public void listTokens(com.latchkey.token.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RevokeToken revokes a token; it fails verification from the next call on.
     * Revoking a revoked token returns it unchanged (the first reason stays). A
     * machine key may revoke only its own tokens.
     * Errors: INVALID_ARGUMENT (id malformed, reason over 255 characters),
     * NOT_FOUND.
     * </pre>
     */
    public void revokeToken(com.latchkey.token.v1.RevokeTokenRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.RevokeTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RotateSigningKey makes a new current JWT signing key for the caller's
     * instance. The previous key stays in the JWKS until the last token it
     * signed has expired. Needs an instance key.
     * Errors: PERMISSION_DENIED (a machine key).
     * </pre>
     */
    public void rotateSigningKey(com.latchkey.token.v1.RotateSigningKeyRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.token.v1.RotateSigningKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRotateSigningKeyMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * TokenService issues and checks machine-to-machine tokens.
   * A machine calls CreateToken with its own secret key (`Authorization: Bearer
   * ak_…`) and sends the token to another machine, which calls VerifyToken with
   * its own secret key. Verification always checks that the verifying machine is
   * one of the token's scopes.
   * Lifetimes. A token stops verifying when it expires, when it is revoked, or
   * when its subject machine is deleted. Rotating the subject's secret key cuts
   * the lifetime of the tokens made with the replaced key to that key's grace
   * period (at once when the grace period is 0): a leaked machine key cannot
   * leave tokens behind that outlive it.
   * JWTs are not stored, so revocation and key rotation do not reach them; keep
   * their lifetimes short. VerifyToken still refuses a JWT whose subject was
   * deleted.
   * Token failures in VerifyToken are NOT_FOUND (reason TOKEN_NOT_FOUND) or
   * PERMISSION_DENIED (TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_NOT_FOR_RECEIVER, and
   * TOKEN_NOT_YET_VALID for a JWT before its nbf);
   * the reason is in a google.rpc.ErrorInfo detail. Expiry is judged by
   * the server's clock, with no skew allowance. Problems with the caller's own
   * key are UNAUTHENTICATED.
   * </pre>
   */
  public static final class TokenServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<TokenServiceBlockingStub> {
    private TokenServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TokenServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TokenServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateToken makes a token for the calling machine. Only a machine secret
     * key may call it: an instance key is PERMISSION_DENIED. A token never
     * outlives the key that mints it: a previous key in its grace period mints
     * tokens that expire at the grace end at the latest. Minting and key
     * rotation are serialised: a key that a rotation ended first is
     * UNAUTHENTICATED, and a token minted first is cut by the rotation.
     * Errors: INVALID_ARGUMENT (seconds_until_expiration,
     * min_remaining_ttl_seconds, claims), PERMISSION_DENIED, UNAUTHENTICATED.
     * </pre>
     */
    public com.latchkey.token.v1.CreateTokenResponse createToken(com.latchkey.token.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * VerifyToken checks a token on behalf of its receiver and returns what it
     * says. With a machine key the receiver is the calling machine; with an
     * instance key the caller names the receiver in `receiver_machine_id`.
     * A successful verification updates the token's last_used_time.
     * Errors: INVALID_ARGUMENT (token empty, receiver_machine_id malformed,
     * missing with an instance key, or naming another machine with a machine
     * key), NOT_FOUND, PERMISSION_DENIED (see the service comment).
     * </pre>
     */
    public com.latchkey.token.v1.VerifyTokenResponse verifyToken(com.latchkey.token.v1.VerifyTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getVerifyTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListTokens lists a machine's tokens, newest first. A machine key lists
     * only its own tokens.
     * Errors: INVALID_ARGUMENT (subject_machine_id, page_size, page_token),
     * NOT_FOUND (no such machine), PERMISSION_DENIED (a machine key asking for
     * another machine's tokens).
     * </pre>
     */
    public com.latchkey.token.v1.ListTokensResponse listTokens(com.latchkey.token.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RevokeToken revokes a token; it fails verification from the next call on.
     * Revoking a revoked token returns it unchanged (the first reason stays). A
     * machine key may revoke only its own tokens.
     * Errors: INVALID_ARGUMENT (id malformed, reason over 255 characters),
     * NOT_FOUND.
     * </pre>
     */
    public com.latchkey.token.v1.RevokeTokenResponse revokeToken(com.latchkey.token.v1.RevokeTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RotateSigningKey makes a new current JWT signing key for the caller's
     * instance. The previous key stays in the JWKS until the last token it
     * signed has expired. Needs an instance key.
     * Errors: PERMISSION_DENIED (a machine key).
     * </pre>
     */
    public com.latchkey.token.v1.RotateSigningKeyResponse rotateSigningKey(com.latchkey.token.v1.RotateSigningKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRotateSigningKeyMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * TokenService issues and checks machine-to-machine tokens.
   * A machine calls CreateToken with its own secret key (`Authorization: Bearer
   * ak_…`) and sends the token to another machine, which calls VerifyToken with
   * its own secret key. Verification always checks that the verifying machine is
   * one of the token's scopes.
   * Lifetimes. A token stops verifying when it expires, when it is revoked, or
   * when its subject machine is deleted. Rotating the subject's secret key cuts
   * the lifetime of the tokens made with the replaced key to that key's grace
   * period (at once when the grace period is 0): a leaked machine key cannot
   * leave tokens behind that outlive it.
   * JWTs are not stored, so revocation and key rotation do not reach them; keep
   * their lifetimes short. VerifyToken still refuses a JWT whose subject was
   * deleted.
   * Token failures in VerifyToken are NOT_FOUND (reason TOKEN_NOT_FOUND) or
   * PERMISSION_DENIED (TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_NOT_FOR_RECEIVER, and
   * TOKEN_NOT_YET_VALID for a JWT before its nbf);
   * the reason is in a google.rpc.ErrorInfo detail. Expiry is judged by
   * the server's clock, with no skew allowance. Problems with the caller's own
   * key are UNAUTHENTICATED.
   * </pre>
   */
  public static final class TokenServiceFutureStub extends io.grpc.stub.AbstractFutureStub<TokenServiceFutureStub> {
    private TokenServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TokenServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TokenServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateToken makes a token for the calling machine. Only a machine secret
     * key may call it: an instance key is PERMISSION_DENIED. A token never
     * outlives the key that mints it: a previous key in its grace period mints
     * tokens that expire at the grace end at the latest. Minting and key
     * rotation are serialised: a key that a rotation ended first is
     * UNAUTHENTICATED, and a token minted first is cut by the rotation.
     * Errors: INVALID_ARGUMENT (seconds_until_expiration,
     * min_remaining_ttl_seconds, claims), PERMISSION_DENIED, UNAUTHENTICATED.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.token.v1.CreateTokenResponse> createToken(
        com.latchkey.token.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * VerifyToken checks a token on behalf of its receiver and returns what it
     * says. With a machine key the receiver is the calling machine; with an
     * instance key the caller names the receiver in `receiver_machine_id`.
     * A successful verification updates the token's last_used_time.
     * Errors: INVALID_ARGUMENT (token empty, receiver_machine_id malformed,
     * missing with an instance key, or naming another machine with a machine
     * key), NOT_FOUND, PERMISSION_DENIED (see the service comment).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.token.v1.VerifyTokenResponse> verifyToken(
        com.latchkey.token.v1.VerifyTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getVerifyTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListTokens lists a machine's tokens, newest first. A machine key lists
     * only its own tokens.
     * Errors: INVALID_ARGUMENT (subject_machine_id, page_size, page_token),
     * NOT_FOUND (no such machine), PERMISSION_DENIED (a machine key asking for
     * another machine's tokens).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.token.v1.ListTokensResponse> listTokens(
        com.latchkey.token.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RevokeToken revokes a token; it fails verification from the next call on.
     * Revoking a revoked token returns it unchanged (the first reason stays). A
     * machine key may revoke only its own tokens.
     * Errors: INVALID_ARGUMENT (id malformed, reason over 255 characters),
     * NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.token.v1.RevokeTokenResponse> revokeToken(
        com.latchkey.token.v1.RevokeTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RotateSigningKey makes a new current JWT signing key for the caller's
     * instance. The previous key stays in the JWKS until the last token it
     * signed has expired. Needs an instance key.
     * Errors: PERMISSION_DENIED (a machine key).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.token.v1.RotateSigningKeyResponse> rotateSigningKey(
        com.latchkey.token.v1.RotateSigningKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRotateSigningKeyMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_TOKEN = 0;
  private static final int METHODID_VERIFY_TOKEN = 1;
  private static final int METHODID_LIST_TOKENS = 2;
  private static final int METHODID_REVOKE_TOKEN = 3;
  private static final int METHODID_ROTATE_SIGNING_KEY = 4;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final TokenServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(TokenServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_TOKEN:
          serviceImpl.createToken((com.latchkey.token.v1.CreateTokenRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.token.v1.CreateTokenResponse>) responseObserver);
          break;
        case METHODID_VERIFY_TOKEN:
          serviceImpl.verifyToken((com.latchkey.token.v1.VerifyTokenRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.token.v1.VerifyTokenResponse>) responseObserver);
          break;
        case METHODID_LIST_TOKENS:
          serviceImpl.listTokens((com.latchkey.token.v1.ListTokensRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.token.v1.ListTokensResponse>) responseObserver);
          break;
        case METHODID_REVOKE_TOKEN:
          serviceImpl.revokeToken((com.latchkey.token.v1.RevokeTokenRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.token.v1.RevokeTokenResponse>) responseObserver);
          break;
        case METHODID_ROTATE_SIGNING_KEY:
          serviceImpl.rotateSigningKey((com.latchkey.token.v1.RotateSigningKeyRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.token.v1.RotateSigningKeyResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class TokenServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TokenServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.latchkey.token.v1.TokenServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TokenService");
    }
  }

  private static final class TokenServiceFileDescriptorSupplier
      extends TokenServiceBaseDescriptorSupplier {
    TokenServiceFileDescriptorSupplier() {}
  }

  private static final class TokenServiceMethodDescriptorSupplier
      extends TokenServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    TokenServiceMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (TokenServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TokenServiceFileDescriptorSupplier())
              .addMethod(getCreateTokenMethod())
              .addMethod(getVerifyTokenMethod())
              .addMethod(getListTokensMethod())
              .addMethod(getRevokeTokenMethod())
              .addMethod(getRotateSigningKeyMethod())
              .build();
        }
      }
    }
    return result;
  }
}
