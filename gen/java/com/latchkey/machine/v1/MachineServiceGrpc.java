package com.latchkey.machine.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * MachineService manages the machines of one instance, their secret keys and
 * the scopes between them.
 * Every call needs `Authorization: Bearer sk_…`, a secret key of the instance
 * that owns the machines. A missing, malformed, revoked or unknown key fails
 * with UNAUTHENTICATED. Every id is looked up inside the caller's instance
 * only: a machine of another instance is NOT_FOUND, exactly as if it did not
 * exist. Invalid input fails with INVALID_ARGUMENT and a message that names the
 * field; nothing is written by a call that fails.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: latchkey/machine/v1/machine_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class MachineServiceGrpc {

  private MachineServiceGrpc() {}

  public static final String SERVICE_NAME = "latchkey.machine.v1.MachineService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.CreateMachineRequest,
      com.latchkey.machine.v1.CreateMachineResponse> getCreateMachineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateMachine",
      requestType = com.latchkey.machine.v1.CreateMachineRequest.class,
      responseType = com.latchkey.machine.v1.CreateMachineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.CreateMachineRequest,
      com.latchkey.machine.v1.CreateMachineResponse> getCreateMachineMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.CreateMachineRequest, com.latchkey.machine.v1.CreateMachineResponse> getCreateMachineMethod;
    if ((getCreateMachineMethod = MachineServiceGrpc.getCreateMachineMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getCreateMachineMethod = MachineServiceGrpc.getCreateMachineMethod) == null) {
          MachineServiceGrpc.getCreateMachineMethod = getCreateMachineMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.CreateMachineRequest, com.latchkey.machine.v1.CreateMachineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateMachine"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.CreateMachineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.CreateMachineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("CreateMachine"))
              .build();
        }
      }
    }
    return getCreateMachineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.GetMachineRequest,
      com.latchkey.machine.v1.GetMachineResponse> getGetMachineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMachine",
      requestType = com.latchkey.machine.v1.GetMachineRequest.class,
      responseType = com.latchkey.machine.v1.GetMachineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.GetMachineRequest,
      com.latchkey.machine.v1.GetMachineResponse> getGetMachineMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.GetMachineRequest, com.latchkey.machine.v1.GetMachineResponse> getGetMachineMethod;
    if ((getGetMachineMethod = MachineServiceGrpc.getGetMachineMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getGetMachineMethod = MachineServiceGrpc.getGetMachineMethod) == null) {
          MachineServiceGrpc.getGetMachineMethod = getGetMachineMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.GetMachineRequest, com.latchkey.machine.v1.GetMachineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMachine"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.GetMachineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.GetMachineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("GetMachine"))
              .build();
        }
      }
    }
    return getGetMachineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.ListMachinesRequest,
      com.latchkey.machine.v1.ListMachinesResponse> getListMachinesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMachines",
      requestType = com.latchkey.machine.v1.ListMachinesRequest.class,
      responseType = com.latchkey.machine.v1.ListMachinesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.ListMachinesRequest,
      com.latchkey.machine.v1.ListMachinesResponse> getListMachinesMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.ListMachinesRequest, com.latchkey.machine.v1.ListMachinesResponse> getListMachinesMethod;
    if ((getListMachinesMethod = MachineServiceGrpc.getListMachinesMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getListMachinesMethod = MachineServiceGrpc.getListMachinesMethod) == null) {
          MachineServiceGrpc.getListMachinesMethod = getListMachinesMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.ListMachinesRequest, com.latchkey.machine.v1.ListMachinesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMachines"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.ListMachinesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.ListMachinesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("ListMachines"))
              .build();
        }
      }
    }
    return getListMachinesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.UpdateMachineRequest,
      com.latchkey.machine.v1.UpdateMachineResponse> getUpdateMachineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateMachine",
      requestType = com.latchkey.machine.v1.UpdateMachineRequest.class,
      responseType = com.latchkey.machine.v1.UpdateMachineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.UpdateMachineRequest,
      com.latchkey.machine.v1.UpdateMachineResponse> getUpdateMachineMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.UpdateMachineRequest, com.latchkey.machine.v1.UpdateMachineResponse> getUpdateMachineMethod;
    if ((getUpdateMachineMethod = MachineServiceGrpc.getUpdateMachineMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getUpdateMachineMethod = MachineServiceGrpc.getUpdateMachineMethod) == null) {
          MachineServiceGrpc.getUpdateMachineMethod = getUpdateMachineMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.UpdateMachineRequest, com.latchkey.machine.v1.UpdateMachineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateMachine"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.UpdateMachineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.UpdateMachineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("UpdateMachine"))
              .build();
        }
      }
    }
    return getUpdateMachineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.DeleteMachineRequest,
      com.latchkey.machine.v1.DeleteMachineResponse> getDeleteMachineMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMachine",
      requestType = com.latchkey.machine.v1.DeleteMachineRequest.class,
      responseType = com.latchkey.machine.v1.DeleteMachineResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.DeleteMachineRequest,
      com.latchkey.machine.v1.DeleteMachineResponse> getDeleteMachineMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.DeleteMachineRequest, com.latchkey.machine.v1.DeleteMachineResponse> getDeleteMachineMethod;
    if ((getDeleteMachineMethod = MachineServiceGrpc.getDeleteMachineMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getDeleteMachineMethod = MachineServiceGrpc.getDeleteMachineMethod) == null) {
          MachineServiceGrpc.getDeleteMachineMethod = getDeleteMachineMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.DeleteMachineRequest, com.latchkey.machine.v1.DeleteMachineResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMachine"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.DeleteMachineRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.DeleteMachineResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("DeleteMachine"))
              .build();
        }
      }
    }
    return getDeleteMachineMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.GetMachineSecretKeyRequest,
      com.latchkey.machine.v1.GetMachineSecretKeyResponse> getGetMachineSecretKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMachineSecretKey",
      requestType = com.latchkey.machine.v1.GetMachineSecretKeyRequest.class,
      responseType = com.latchkey.machine.v1.GetMachineSecretKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.GetMachineSecretKeyRequest,
      com.latchkey.machine.v1.GetMachineSecretKeyResponse> getGetMachineSecretKeyMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.GetMachineSecretKeyRequest, com.latchkey.machine.v1.GetMachineSecretKeyResponse> getGetMachineSecretKeyMethod;
    if ((getGetMachineSecretKeyMethod = MachineServiceGrpc.getGetMachineSecretKeyMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getGetMachineSecretKeyMethod = MachineServiceGrpc.getGetMachineSecretKeyMethod) == null) {
          MachineServiceGrpc.getGetMachineSecretKeyMethod = getGetMachineSecretKeyMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.GetMachineSecretKeyRequest, com.latchkey.machine.v1.GetMachineSecretKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMachineSecretKey"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.GetMachineSecretKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.GetMachineSecretKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("GetMachineSecretKey"))
              .build();
        }
      }
    }
    return getGetMachineSecretKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.RotateMachineSecretKeyRequest,
      com.latchkey.machine.v1.RotateMachineSecretKeyResponse> getRotateMachineSecretKeyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RotateMachineSecretKey",
      requestType = com.latchkey.machine.v1.RotateMachineSecretKeyRequest.class,
      responseType = com.latchkey.machine.v1.RotateMachineSecretKeyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.RotateMachineSecretKeyRequest,
      com.latchkey.machine.v1.RotateMachineSecretKeyResponse> getRotateMachineSecretKeyMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.RotateMachineSecretKeyRequest, com.latchkey.machine.v1.RotateMachineSecretKeyResponse> getRotateMachineSecretKeyMethod;
    if ((getRotateMachineSecretKeyMethod = MachineServiceGrpc.getRotateMachineSecretKeyMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getRotateMachineSecretKeyMethod = MachineServiceGrpc.getRotateMachineSecretKeyMethod) == null) {
          MachineServiceGrpc.getRotateMachineSecretKeyMethod = getRotateMachineSecretKeyMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.RotateMachineSecretKeyRequest, com.latchkey.machine.v1.RotateMachineSecretKeyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RotateMachineSecretKey"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.RotateMachineSecretKeyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.RotateMachineSecretKeyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("RotateMachineSecretKey"))
              .build();
        }
      }
    }
    return getRotateMachineSecretKeyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.CreateMachineScopeRequest,
      com.latchkey.machine.v1.CreateMachineScopeResponse> getCreateMachineScopeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateMachineScope",
      requestType = com.latchkey.machine.v1.CreateMachineScopeRequest.class,
      responseType = com.latchkey.machine.v1.CreateMachineScopeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.CreateMachineScopeRequest,
      com.latchkey.machine.v1.CreateMachineScopeResponse> getCreateMachineScopeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.CreateMachineScopeRequest, com.latchkey.machine.v1.CreateMachineScopeResponse> getCreateMachineScopeMethod;
    if ((getCreateMachineScopeMethod = MachineServiceGrpc.getCreateMachineScopeMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getCreateMachineScopeMethod = MachineServiceGrpc.getCreateMachineScopeMethod) == null) {
          MachineServiceGrpc.getCreateMachineScopeMethod = getCreateMachineScopeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.CreateMachineScopeRequest, com.latchkey.machine.v1.CreateMachineScopeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateMachineScope"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.CreateMachineScopeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.CreateMachineScopeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("CreateMachineScope"))
              .build();
        }
      }
    }
    return getCreateMachineScopeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.machine.v1.DeleteMachineScopeRequest,
      com.latchkey.machine.v1.DeleteMachineScopeResponse> getDeleteMachineScopeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMachineScope",
      requestType = com.latchkey.machine.v1.DeleteMachineScopeRequest.class,
      responseType = com.latchkey.machine.v1.DeleteMachineScopeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.machine.v1.DeleteMachineScopeRequest,
      com.latchkey.machine.v1.DeleteMachineScopeResponse> getDeleteMachineScopeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.machine.v1.DeleteMachineScopeRequest, com.latchkey.machine.v1.DeleteMachineScopeResponse> getDeleteMachineScopeMethod;
    if ((getDeleteMachineScopeMethod = MachineServiceGrpc.getDeleteMachineScopeMethod) == null) {
      synchronized (MachineServiceGrpc.class) {
        if ((getDeleteMachineScopeMethod = MachineServiceGrpc.getDeleteMachineScopeMethod) == null) {
          MachineServiceGrpc.getDeleteMachineScopeMethod = getDeleteMachineScopeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.machine.v1.DeleteMachineScopeRequest, com.latchkey.machine.v1.DeleteMachineScopeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMachineScope"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.DeleteMachineScopeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.machine.v1.DeleteMachineScopeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MachineServiceMethodDescriptorSupplier("DeleteMachineScope"))
              .build();
        }
      }
    }
    return getDeleteMachineScopeMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MachineServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MachineServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MachineServiceStub>() {
        @java.lang.Override
        public MachineServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MachineServiceStub(channel, callOptions);
        }
      };
    return MachineServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MachineServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MachineServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MachineServiceBlockingStub>() {
        @java.lang.Override
        public MachineServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MachineServiceBlockingStub(channel, callOptions);
        }
      };
    return MachineServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MachineServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MachineServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MachineServiceFutureStub>() {
        @java.lang.Override
        public MachineServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MachineServiceFutureStub(channel, callOptions);
        }
      };
    return MachineServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * MachineService manages the machines of one instance, their secret keys and
   * the scopes between them.
   * Every call needs `Authorization: Bearer sk_…`, a secret key of the instance
   * that owns the machines. A missing, malformed, revoked or unknown key fails
   * with UNAUTHENTICATED. Every id is looked up inside the caller's instance
   * only: a machine of another instance is NOT_FOUND, exactly as if it did not
   * exist. Invalid input fails with INVALID_ARGUMENT and a message that names the
   * field; nothing is written by a call that fails.
   * </pre>
   */
  public static abstract class MachineServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * CreateMachine creates a machine, its scopes and its first secret key, all
     * or nothing. The response is one of only three that carry a secret key.
     * Errors: INVALID_ARGUMENT (name, default_token_ttl_seconds,
     * scoped_machine_ids malformed, repeated or more than 150), NOT_FOUND (a
     * scoped machine does not exist in the instance).
     * </pre>
     */
    public void createMachine(com.latchkey.machine.v1.CreateMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.CreateMachineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMachineMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetMachine returns one machine with its scoped machines. By default
     * (fully consistent) it reads the primary, or this process's cache of
     * GetMachine answers, which every change drops at once; with another
     * `consistency` it may read a hot standby instead, never the cache.
     * Errors: INVALID_ARGUMENT (id malformed, consistency not a token latchkey
     * issued), NOT_FOUND.
     * </pre>
     */
    public void getMachine(com.latchkey.machine.v1.GetMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.GetMachineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMachineMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListMachines streams the instance's machines in the requested order, in
     * messages of up to 100 machines. Memory stays flat whatever the number of
     * machines: the server reads keyset batches from the database as the
     * client consumes them and stops reading when the client cancels.
     * A client that loses the stream resumes it by sending the same query and
     * order with `after` set to the `cursor` of the last message it received.
     * The whole stream (its count and every batch) is read on one server: the
     * primary by default, or a hot standby that `consistency` allows. If that
     * standby fails in the middle, the rest of the stream, after the last
     * machine sent, is read from the primary.
     * Errors: INVALID_ARGUMENT (limit, offset, query, after or consistency
     * malformed, or after combined with offset).
     * </pre>
     */
    public void listMachines(com.latchkey.machine.v1.ListMachinesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.ListMachinesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMachinesMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateMachine changes the fields that are set in the request and leaves the
     * others as they are. A request that sets no field returns the machine
     * unchanged.
     * Errors: INVALID_ARGUMENT (id, name, default_token_ttl_seconds), NOT_FOUND.
     * </pre>
     */
    public void updateMachine(com.latchkey.machine.v1.UpdateMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.UpdateMachineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateMachineMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteMachine deletes a machine, its secret keys, and every scope from it
     * or to it.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public void deleteMachine(com.latchkey.machine.v1.DeleteMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.DeleteMachineResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMachineMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetMachineSecretKey returns the machine's current secret key.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public void getMachineSecretKey(com.latchkey.machine.v1.GetMachineSecretKeyRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.GetMachineSecretKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMachineSecretKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * RotateMachineSecretKey replaces the machine's secret key with a new one,
     * returned at once. The key being replaced keeps working for
     * `previous_key_ttl_seconds`.
     * At most two keys work at any time: the current one and one previous one.
     * Rotating again while a previous key is still in its grace period ends that
     * older key's grace period immediately; the key that was current until this
     * call becomes the previous key, with the new grace period.
     * Tokens (opaque and JWT) end with the key that minted them: those of the
     * key being replaced expire at the end of its grace period at the latest
     * (at once with 0), for every online check. A cut token's update_time is the
     * time of this call.
     * Errors: INVALID_ARGUMENT (id malformed, previous_key_ttl_seconds missing
     * or outside 0–28,800), NOT_FOUND.
     * </pre>
     */
    public void rotateMachineSecretKey(com.latchkey.machine.v1.RotateMachineSecretKeyRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.RotateMachineSecretKeyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRotateMachineSecretKeyMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateMachineScope lets `machine_id` call `to_machine_id`. Scopes are
     * one-way: to let both call each other, create two scopes. The limit of 150
     * scopes per machine and the uniqueness of a scope hold under concurrent
     * calls.
     * Errors: INVALID_ARGUMENT (an id malformed, or both ids the same),
     * NOT_FOUND (either machine), ALREADY_EXISTS (the scope exists),
     * FAILED_PRECONDITION (machine_id already has 150 scopes).
     * </pre>
     */
    public void createMachineScope(com.latchkey.machine.v1.CreateMachineScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.CreateMachineScopeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMachineScopeMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteMachineScope removes the scope "machine_id may call
     * other_machine_id". Tokens issued before keep the scopes they were issued
     * with until they expire.
     * Errors: INVALID_ARGUMENT (an id malformed), NOT_FOUND (either machine, or
     * no such scope).
     * </pre>
     */
    public void deleteMachineScope(com.latchkey.machine.v1.DeleteMachineScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.DeleteMachineScopeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMachineScopeMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateMachineMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.CreateMachineRequest,
                com.latchkey.machine.v1.CreateMachineResponse>(
                  this, METHODID_CREATE_MACHINE)))
          .addMethod(
            getGetMachineMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.GetMachineRequest,
                com.latchkey.machine.v1.GetMachineResponse>(
                  this, METHODID_GET_MACHINE)))
          .addMethod(
            getListMachinesMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                com.latchkey.machine.v1.ListMachinesRequest,
                com.latchkey.machine.v1.ListMachinesResponse>(
                  this, METHODID_LIST_MACHINES)))
          .addMethod(
            getUpdateMachineMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.UpdateMachineRequest,
                com.latchkey.machine.v1.UpdateMachineResponse>(
                  this, METHODID_UPDATE_MACHINE)))
          .addMethod(
            getDeleteMachineMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.DeleteMachineRequest,
                com.latchkey.machine.v1.DeleteMachineResponse>(
                  this, METHODID_DELETE_MACHINE)))
          .addMethod(
            getGetMachineSecretKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.GetMachineSecretKeyRequest,
                com.latchkey.machine.v1.GetMachineSecretKeyResponse>(
                  this, METHODID_GET_MACHINE_SECRET_KEY)))
          .addMethod(
            getRotateMachineSecretKeyMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.RotateMachineSecretKeyRequest,
                com.latchkey.machine.v1.RotateMachineSecretKeyResponse>(
                  this, METHODID_ROTATE_MACHINE_SECRET_KEY)))
          .addMethod(
            getCreateMachineScopeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.CreateMachineScopeRequest,
                com.latchkey.machine.v1.CreateMachineScopeResponse>(
                  this, METHODID_CREATE_MACHINE_SCOPE)))
          .addMethod(
            getDeleteMachineScopeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.machine.v1.DeleteMachineScopeRequest,
                com.latchkey.machine.v1.DeleteMachineScopeResponse>(
                  this, METHODID_DELETE_MACHINE_SCOPE)))
          .build();
    }
  }

  /**
   * <pre>
   * MachineService manages the machines of one instance, their secret keys and
   * the scopes between them.
   * Every call needs `Authorization: Bearer sk_…`, a secret key of the instance
   * that owns the machines. A missing, malformed, revoked or unknown key fails
   * with UNAUTHENTICATED. Every id is looked up inside the caller's instance
   * only: a machine of another instance is NOT_FOUND, exactly as if it did not
   * exist. Invalid input fails with INVALID_ARGUMENT and a message that names the
   * field; nothing is written by a call that fails.
   * </pre>
   */
  public static final class MachineServiceStub extends io.grpc.stub.AbstractAsyncStub<MachineServiceStub> {
    private MachineServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MachineServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MachineServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateMachine creates a machine, its scopes and its first secret key, all
     * or nothing. The response is one of only three that carry a secret key.
     * Errors: INVALID_ARGUMENT (name, default_token_ttl_seconds,
     * scoped_machine_ids malformed, repeated or more than 150), NOT_FOUND (a
     * scoped machine does not exist in the instance).
     * </pre>
     */
    public void createMachine(com.latchkey.machine.v1.CreateMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.CreateMachineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMachineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetMachine returns one machine with its scoped machines. By default
     * (fully consistent) it reads the primary, or this process's cache of
     * GetMachine answers, which every change drops at once; with another
     * `consistency` it may read a hot standby instead, never the cache.
     * Errors: INVALID_ARGUMENT (id malformed, consistency not a token latchkey
     * issued), NOT_FOUND.
     * </pre>
     */
    public void getMachine(com.latchkey.machine.v1.GetMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.GetMachineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMachineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListMachines streams the instance's machines in the requested order, in
     * messages of up to 100 machines. Memory stays flat whatever the number of
     * machines: the server reads keyset batches from the database as the
     * client consumes them and stops reading when the client cancels.
     * A client that loses the stream resumes it by sending the same query and
     * order with `after` set to the `cursor` of the last message it received.
     * The whole stream (its count and every batch) is read on one server: the
     * primary by default, or a hot standby that `consistency` allows. If that
     * standby fails in the middle, the rest of the stream, after the last
     * machine sent, is read from the primary.
     * Errors: INVALID_ARGUMENT (limit, offset, query, after or consistency
     * malformed, or after combined with offset).
     * </pre>
     */
    public void listMachines(com.latchkey.machine.v1.ListMachinesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.ListMachinesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getListMachinesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateMachine changes the fields that are set in the request and leaves the
     * others as they are. A request that sets no field returns the machine
     * unchanged.
     * Errors: INVALID_ARGUMENT (id, name, default_token_ttl_seconds), NOT_FOUND.
     * </pre>
     */
    public void updateMachine(com.latchkey.machine.v1.UpdateMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.UpdateMachineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateMachineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteMachine deletes a machine, its secret keys, and every scope from it
     * or to it.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public void deleteMachine(com.latchkey.machine.v1.DeleteMachineRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.DeleteMachineResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMachineMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetMachineSecretKey returns the machine's current secret key.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public void getMachineSecretKey(com.latchkey.machine.v1.GetMachineSecretKeyRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.GetMachineSecretKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMachineSecretKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * RotateMachineSecretKey replaces the machine's secret key with a new one,
     * returned at once. The key being replaced keeps working for
     * `previous_key_ttl_seconds`.
     * At most two keys work at any time: the current one and one previous one.
     * Rotating again while a previous key is still in its grace period ends that
     * older key's grace period immediately; the key that was current until this
     * call becomes the previous key, with the new grace period.
     * Tokens (opaque and JWT) end with the key that minted them: those of the
     * key being replaced expire at the end of its grace period at the latest
     * (at once with 0), for every online check. A cut token's update_time is the
     * time of this call.
     * Errors: INVALID_ARGUMENT (id malformed, previous_key_ttl_seconds missing
     * or outside 0–28,800), NOT_FOUND.
     * </pre>
     */
    public void rotateMachineSecretKey(com.latchkey.machine.v1.RotateMachineSecretKeyRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.RotateMachineSecretKeyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRotateMachineSecretKeyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateMachineScope lets `machine_id` call `to_machine_id`. Scopes are
     * one-way: to let both call each other, create two scopes. The limit of 150
     * scopes per machine and the uniqueness of a scope hold under concurrent
     * calls.
     * Errors: INVALID_ARGUMENT (an id malformed, or both ids the same),
     * NOT_FOUND (either machine), ALREADY_EXISTS (the scope exists),
     * FAILED_PRECONDITION (machine_id already has 150 scopes).
     * </pre>
     */
    public void createMachineScope(com.latchkey.machine.v1.CreateMachineScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.CreateMachineScopeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMachineScopeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteMachineScope removes the scope "machine_id may call
     * other_machine_id". Tokens issued before keep the scopes they were issued
     * with until they expire.
     * Errors: INVALID_ARGUMENT (an id malformed), NOT_FOUND (either machine, or
     * no such scope).
     * </pre>
     */
    public void deleteMachineScope(com.latchkey.machine.v1.DeleteMachineScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.machine.v1.DeleteMachineScopeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMachineScopeMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * MachineService manages the machines of one instance, their secret keys and
   * the scopes between them.
   * Every call needs `Authorization: Bearer sk_…`, a secret key of the instance
   * that owns the machines. A missing, malformed, revoked or unknown key fails
   * with UNAUTHENTICATED. Every id is looked up inside the caller's instance
   * only: a machine of another instance is NOT_FOUND, exactly as if it did not
   * exist. Invalid input fails with INVALID_ARGUMENT and a message that names the
   * field; nothing is written by a call that fails.
   * </pre>
   */
  public static final class MachineServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<MachineServiceBlockingStub> {
    private MachineServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MachineServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MachineServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateMachine creates a machine, its scopes and its first secret key, all
     * or nothing. The response is one of only three that carry a secret key.
     * Errors: INVALID_ARGUMENT (name, default_token_ttl_seconds,
     * scoped_machine_ids malformed, repeated or more than 150), NOT_FOUND (a
     * scoped machine does not exist in the instance).
     * </pre>
     */
    public com.latchkey.machine.v1.CreateMachineResponse createMachine(com.latchkey.machine.v1.CreateMachineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMachineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetMachine returns one machine with its scoped machines. By default
     * (fully consistent) it reads the primary, or this process's cache of
     * GetMachine answers, which every change drops at once; with another
     * `consistency` it may read a hot standby instead, never the cache.
     * Errors: INVALID_ARGUMENT (id malformed, consistency not a token latchkey
     * issued), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.machine.v1.GetMachineResponse getMachine(com.latchkey.machine.v1.GetMachineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMachineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListMachines streams the instance's machines in the requested order, in
     * messages of up to 100 machines. Memory stays flat whatever the number of
     * machines: the server reads keyset batches from the database as the
     * client consumes them and stops reading when the client cancels.
     * A client that loses the stream resumes it by sending the same query and
     * order with `after` set to the `cursor` of the last message it received.
     * The whole stream (its count and every batch) is read on one server: the
     * primary by default, or a hot standby that `consistency` allows. If that
     * standby fails in the middle, the rest of the stream, after the last
     * machine sent, is read from the primary.
     * Errors: INVALID_ARGUMENT (limit, offset, query, after or consistency
     * malformed, or after combined with offset).
     * </pre>
     */
    public java.util.Iterator<com.latchkey.machine.v1.ListMachinesResponse> listMachines(
        com.latchkey.machine.v1.ListMachinesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getListMachinesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateMachine changes the fields that are set in the request and leaves the
     * others as they are. A request that sets no field returns the machine
     * unchanged.
     * Errors: INVALID_ARGUMENT (id, name, default_token_ttl_seconds), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.machine.v1.UpdateMachineResponse updateMachine(com.latchkey.machine.v1.UpdateMachineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateMachineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteMachine deletes a machine, its secret keys, and every scope from it
     * or to it.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.machine.v1.DeleteMachineResponse deleteMachine(com.latchkey.machine.v1.DeleteMachineRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMachineMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetMachineSecretKey returns the machine's current secret key.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.machine.v1.GetMachineSecretKeyResponse getMachineSecretKey(com.latchkey.machine.v1.GetMachineSecretKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMachineSecretKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RotateMachineSecretKey replaces the machine's secret key with a new one,
     * returned at once. The key being replaced keeps working for
     * `previous_key_ttl_seconds`.
     * At most two keys work at any time: the current one and one previous one.
     * Rotating again while a previous key is still in its grace period ends that
     * older key's grace period immediately; the key that was current until this
     * call becomes the previous key, with the new grace period.
     * Tokens (opaque and JWT) end with the key that minted them: those of the
     * key being replaced expire at the end of its grace period at the latest
     * (at once with 0), for every online check. A cut token's update_time is the
     * time of this call.
     * Errors: INVALID_ARGUMENT (id malformed, previous_key_ttl_seconds missing
     * or outside 0–28,800), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.machine.v1.RotateMachineSecretKeyResponse rotateMachineSecretKey(com.latchkey.machine.v1.RotateMachineSecretKeyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRotateMachineSecretKeyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateMachineScope lets `machine_id` call `to_machine_id`. Scopes are
     * one-way: to let both call each other, create two scopes. The limit of 150
     * scopes per machine and the uniqueness of a scope hold under concurrent
     * calls.
     * Errors: INVALID_ARGUMENT (an id malformed, or both ids the same),
     * NOT_FOUND (either machine), ALREADY_EXISTS (the scope exists),
     * FAILED_PRECONDITION (machine_id already has 150 scopes).
     * </pre>
     */
    public com.latchkey.machine.v1.CreateMachineScopeResponse createMachineScope(com.latchkey.machine.v1.CreateMachineScopeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMachineScopeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteMachineScope removes the scope "machine_id may call
     * other_machine_id". Tokens issued before keep the scopes they were issued
     * with until they expire.
     * Errors: INVALID_ARGUMENT (an id malformed), NOT_FOUND (either machine, or
     * no such scope).
     * </pre>
     */
    public com.latchkey.machine.v1.DeleteMachineScopeResponse deleteMachineScope(com.latchkey.machine.v1.DeleteMachineScopeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMachineScopeMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * MachineService manages the machines of one instance, their secret keys and
   * the scopes between them.
   * Every call needs `Authorization: Bearer sk_…`, a secret key of the instance
   * that owns the machines. A missing, malformed, revoked or unknown key fails
   * with UNAUTHENTICATED. Every id is looked up inside the caller's instance
   * only: a machine of another instance is NOT_FOUND, exactly as if it did not
   * exist. Invalid input fails with INVALID_ARGUMENT and a message that names the
   * field; nothing is written by a call that fails.
   * </pre>
   */
  public static final class MachineServiceFutureStub extends io.grpc.stub.AbstractFutureStub<MachineServiceFutureStub> {
    private MachineServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MachineServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MachineServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateMachine creates a machine, its scopes and its first secret key, all
     * or nothing. The response is one of only three that carry a secret key.
     * Errors: INVALID_ARGUMENT (name, default_token_ttl_seconds,
     * scoped_machine_ids malformed, repeated or more than 150), NOT_FOUND (a
     * scoped machine does not exist in the instance).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.CreateMachineResponse> createMachine(
        com.latchkey.machine.v1.CreateMachineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMachineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetMachine returns one machine with its scoped machines. By default
     * (fully consistent) it reads the primary, or this process's cache of
     * GetMachine answers, which every change drops at once; with another
     * `consistency` it may read a hot standby instead, never the cache.
     * Errors: INVALID_ARGUMENT (id malformed, consistency not a token latchkey
     * issued), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.GetMachineResponse> getMachine(
        com.latchkey.machine.v1.GetMachineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMachineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateMachine changes the fields that are set in the request and leaves the
     * others as they are. A request that sets no field returns the machine
     * unchanged.
     * Errors: INVALID_ARGUMENT (id, name, default_token_ttl_seconds), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.UpdateMachineResponse> updateMachine(
        com.latchkey.machine.v1.UpdateMachineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateMachineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteMachine deletes a machine, its secret keys, and every scope from it
     * or to it.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.DeleteMachineResponse> deleteMachine(
        com.latchkey.machine.v1.DeleteMachineRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMachineMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetMachineSecretKey returns the machine's current secret key.
     * Errors: INVALID_ARGUMENT (id malformed), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.GetMachineSecretKeyResponse> getMachineSecretKey(
        com.latchkey.machine.v1.GetMachineSecretKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMachineSecretKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RotateMachineSecretKey replaces the machine's secret key with a new one,
     * returned at once. The key being replaced keeps working for
     * `previous_key_ttl_seconds`.
     * At most two keys work at any time: the current one and one previous one.
     * Rotating again while a previous key is still in its grace period ends that
     * older key's grace period immediately; the key that was current until this
     * call becomes the previous key, with the new grace period.
     * Tokens (opaque and JWT) end with the key that minted them: those of the
     * key being replaced expire at the end of its grace period at the latest
     * (at once with 0), for every online check. A cut token's update_time is the
     * time of this call.
     * Errors: INVALID_ARGUMENT (id malformed, previous_key_ttl_seconds missing
     * or outside 0–28,800), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.RotateMachineSecretKeyResponse> rotateMachineSecretKey(
        com.latchkey.machine.v1.RotateMachineSecretKeyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRotateMachineSecretKeyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateMachineScope lets `machine_id` call `to_machine_id`. Scopes are
     * one-way: to let both call each other, create two scopes. The limit of 150
     * scopes per machine and the uniqueness of a scope hold under concurrent
     * calls.
     * Errors: INVALID_ARGUMENT (an id malformed, or both ids the same),
     * NOT_FOUND (either machine), ALREADY_EXISTS (the scope exists),
     * FAILED_PRECONDITION (machine_id already has 150 scopes).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.CreateMachineScopeResponse> createMachineScope(
        com.latchkey.machine.v1.CreateMachineScopeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMachineScopeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteMachineScope removes the scope "machine_id may call
     * other_machine_id". Tokens issued before keep the scopes they were issued
     * with until they expire.
     * Errors: INVALID_ARGUMENT (an id malformed), NOT_FOUND (either machine, or
     * no such scope).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.machine.v1.DeleteMachineScopeResponse> deleteMachineScope(
        com.latchkey.machine.v1.DeleteMachineScopeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMachineScopeMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_MACHINE = 0;
  private static final int METHODID_GET_MACHINE = 1;
  private static final int METHODID_LIST_MACHINES = 2;
  private static final int METHODID_UPDATE_MACHINE = 3;
  private static final int METHODID_DELETE_MACHINE = 4;
  private static final int METHODID_GET_MACHINE_SECRET_KEY = 5;
  private static final int METHODID_ROTATE_MACHINE_SECRET_KEY = 6;
  private static final int METHODID_CREATE_MACHINE_SCOPE = 7;
  private static final int METHODID_DELETE_MACHINE_SCOPE = 8;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final MachineServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(MachineServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_MACHINE:
          serviceImpl.createMachine((com.latchkey.machine.v1.CreateMachineRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.CreateMachineResponse>) responseObserver);
          break;
        case METHODID_GET_MACHINE:
          serviceImpl.getMachine((com.latchkey.machine.v1.GetMachineRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.GetMachineResponse>) responseObserver);
          break;
        case METHODID_LIST_MACHINES:
          serviceImpl.listMachines((com.latchkey.machine.v1.ListMachinesRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.ListMachinesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_MACHINE:
          serviceImpl.updateMachine((com.latchkey.machine.v1.UpdateMachineRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.UpdateMachineResponse>) responseObserver);
          break;
        case METHODID_DELETE_MACHINE:
          serviceImpl.deleteMachine((com.latchkey.machine.v1.DeleteMachineRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.DeleteMachineResponse>) responseObserver);
          break;
        case METHODID_GET_MACHINE_SECRET_KEY:
          serviceImpl.getMachineSecretKey((com.latchkey.machine.v1.GetMachineSecretKeyRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.GetMachineSecretKeyResponse>) responseObserver);
          break;
        case METHODID_ROTATE_MACHINE_SECRET_KEY:
          serviceImpl.rotateMachineSecretKey((com.latchkey.machine.v1.RotateMachineSecretKeyRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.RotateMachineSecretKeyResponse>) responseObserver);
          break;
        case METHODID_CREATE_MACHINE_SCOPE:
          serviceImpl.createMachineScope((com.latchkey.machine.v1.CreateMachineScopeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.CreateMachineScopeResponse>) responseObserver);
          break;
        case METHODID_DELETE_MACHINE_SCOPE:
          serviceImpl.deleteMachineScope((com.latchkey.machine.v1.DeleteMachineScopeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.machine.v1.DeleteMachineScopeResponse>) responseObserver);
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

  private static abstract class MachineServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MachineServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.latchkey.machine.v1.MachineServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MachineService");
    }
  }

  private static final class MachineServiceFileDescriptorSupplier
      extends MachineServiceBaseDescriptorSupplier {
    MachineServiceFileDescriptorSupplier() {}
  }

  private static final class MachineServiceMethodDescriptorSupplier
      extends MachineServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    MachineServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (MachineServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MachineServiceFileDescriptorSupplier())
              .addMethod(getCreateMachineMethod())
              .addMethod(getGetMachineMethod())
              .addMethod(getListMachinesMethod())
              .addMethod(getUpdateMachineMethod())
              .addMethod(getDeleteMachineMethod())
              .addMethod(getGetMachineSecretKeyMethod())
              .addMethod(getRotateMachineSecretKeyMethod())
              .addMethod(getCreateMachineScopeMethod())
              .addMethod(getDeleteMachineScopeMethod())
              .build();
        }
      }
    }
    return result;
  }
}
