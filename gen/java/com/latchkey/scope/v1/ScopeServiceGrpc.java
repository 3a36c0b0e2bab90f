package com.latchkey.scope.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ScopeService manages an instance's authorization tree (scope types, scopes,
 * subjects, roles, memberships) and answers permission checks on it.
 * Management calls need `Authorization: Bearer sk_…` (an instance key); the
 * three read-only check calls (CheckPermission, BatchCheckPermissions,
 * ListSubjectScopes) also accept a machine key (`ak_…`), so a service can ask
 * whether its caller may act. Every id is looked up inside the caller's
 * instance only: another instance's resource is NOT_FOUND.
 * Ids: every resource id is `&lt;prefix&gt;_` followed by 1–100 letters, digits,
 * `_` or `-` (prefixes `type`, `scope`, `subject`, `role`); when a create
 * request leaves the id empty the server generates `&lt;prefix&gt;_&lt;uuidv7&gt;`.
 * Errors common to all calls: INVALID_ARGUMENT names the field that is wrong;
 * NOT_FOUND names the resource and id; nothing is written by a call that fails.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: latchkey/scope/v1/scope_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class ScopeServiceGrpc {

  private ScopeServiceGrpc() {}

  public static final String SERVICE_NAME = "latchkey.scope.v1.ScopeService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateScopeTypeRequest,
      com.latchkey.scope.v1.CreateScopeTypeResponse> getCreateScopeTypeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateScopeType",
      requestType = com.latchkey.scope.v1.CreateScopeTypeRequest.class,
      responseType = com.latchkey.scope.v1.CreateScopeTypeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateScopeTypeRequest,
      com.latchkey.scope.v1.CreateScopeTypeResponse> getCreateScopeTypeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateScopeTypeRequest, com.latchkey.scope.v1.CreateScopeTypeResponse> getCreateScopeTypeMethod;
    if ((getCreateScopeTypeMethod = ScopeServiceGrpc.getCreateScopeTypeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getCreateScopeTypeMethod = ScopeServiceGrpc.getCreateScopeTypeMethod) == null) {
          ScopeServiceGrpc.getCreateScopeTypeMethod = getCreateScopeTypeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.CreateScopeTypeRequest, com.latchkey.scope.v1.CreateScopeTypeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateScopeType"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateScopeTypeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateScopeTypeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("CreateScopeType"))
              .build();
        }
      }
    }
    return getCreateScopeTypeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetScopeTypeRequest,
      com.latchkey.scope.v1.GetScopeTypeResponse> getGetScopeTypeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetScopeType",
      requestType = com.latchkey.scope.v1.GetScopeTypeRequest.class,
      responseType = com.latchkey.scope.v1.GetScopeTypeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetScopeTypeRequest,
      com.latchkey.scope.v1.GetScopeTypeResponse> getGetScopeTypeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetScopeTypeRequest, com.latchkey.scope.v1.GetScopeTypeResponse> getGetScopeTypeMethod;
    if ((getGetScopeTypeMethod = ScopeServiceGrpc.getGetScopeTypeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getGetScopeTypeMethod = ScopeServiceGrpc.getGetScopeTypeMethod) == null) {
          ScopeServiceGrpc.getGetScopeTypeMethod = getGetScopeTypeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.GetScopeTypeRequest, com.latchkey.scope.v1.GetScopeTypeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetScopeType"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetScopeTypeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetScopeTypeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("GetScopeType"))
              .build();
        }
      }
    }
    return getGetScopeTypeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopeTypesRequest,
      com.latchkey.scope.v1.ListScopeTypesResponse> getListScopeTypesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListScopeTypes",
      requestType = com.latchkey.scope.v1.ListScopeTypesRequest.class,
      responseType = com.latchkey.scope.v1.ListScopeTypesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopeTypesRequest,
      com.latchkey.scope.v1.ListScopeTypesResponse> getListScopeTypesMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopeTypesRequest, com.latchkey.scope.v1.ListScopeTypesResponse> getListScopeTypesMethod;
    if ((getListScopeTypesMethod = ScopeServiceGrpc.getListScopeTypesMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListScopeTypesMethod = ScopeServiceGrpc.getListScopeTypesMethod) == null) {
          ScopeServiceGrpc.getListScopeTypesMethod = getListScopeTypesMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListScopeTypesRequest, com.latchkey.scope.v1.ListScopeTypesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListScopeTypes"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListScopeTypesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListScopeTypesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListScopeTypes"))
              .build();
        }
      }
    }
    return getListScopeTypesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateScopeTypeRequest,
      com.latchkey.scope.v1.UpdateScopeTypeResponse> getUpdateScopeTypeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateScopeType",
      requestType = com.latchkey.scope.v1.UpdateScopeTypeRequest.class,
      responseType = com.latchkey.scope.v1.UpdateScopeTypeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateScopeTypeRequest,
      com.latchkey.scope.v1.UpdateScopeTypeResponse> getUpdateScopeTypeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateScopeTypeRequest, com.latchkey.scope.v1.UpdateScopeTypeResponse> getUpdateScopeTypeMethod;
    if ((getUpdateScopeTypeMethod = ScopeServiceGrpc.getUpdateScopeTypeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getUpdateScopeTypeMethod = ScopeServiceGrpc.getUpdateScopeTypeMethod) == null) {
          ScopeServiceGrpc.getUpdateScopeTypeMethod = getUpdateScopeTypeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.UpdateScopeTypeRequest, com.latchkey.scope.v1.UpdateScopeTypeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateScopeType"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateScopeTypeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateScopeTypeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("UpdateScopeType"))
              .build();
        }
      }
    }
    return getUpdateScopeTypeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteScopeTypeRequest,
      com.latchkey.scope.v1.DeleteScopeTypeResponse> getDeleteScopeTypeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteScopeType",
      requestType = com.latchkey.scope.v1.DeleteScopeTypeRequest.class,
      responseType = com.latchkey.scope.v1.DeleteScopeTypeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteScopeTypeRequest,
      com.latchkey.scope.v1.DeleteScopeTypeResponse> getDeleteScopeTypeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteScopeTypeRequest, com.latchkey.scope.v1.DeleteScopeTypeResponse> getDeleteScopeTypeMethod;
    if ((getDeleteScopeTypeMethod = ScopeServiceGrpc.getDeleteScopeTypeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getDeleteScopeTypeMethod = ScopeServiceGrpc.getDeleteScopeTypeMethod) == null) {
          ScopeServiceGrpc.getDeleteScopeTypeMethod = getDeleteScopeTypeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.DeleteScopeTypeRequest, com.latchkey.scope.v1.DeleteScopeTypeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteScopeType"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteScopeTypeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteScopeTypeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("DeleteScopeType"))
              .build();
        }
      }
    }
    return getDeleteScopeTypeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateScopeRequest,
      com.latchkey.scope.v1.CreateScopeResponse> getCreateScopeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateScope",
      requestType = com.latchkey.scope.v1.CreateScopeRequest.class,
      responseType = com.latchkey.scope.v1.CreateScopeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateScopeRequest,
      com.latchkey.scope.v1.CreateScopeResponse> getCreateScopeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateScopeRequest, com.latchkey.scope.v1.CreateScopeResponse> getCreateScopeMethod;
    if ((getCreateScopeMethod = ScopeServiceGrpc.getCreateScopeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getCreateScopeMethod = ScopeServiceGrpc.getCreateScopeMethod) == null) {
          ScopeServiceGrpc.getCreateScopeMethod = getCreateScopeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.CreateScopeRequest, com.latchkey.scope.v1.CreateScopeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateScope"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateScopeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateScopeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("CreateScope"))
              .build();
        }
      }
    }
    return getCreateScopeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.BatchCreateScopesRequest,
      com.latchkey.scope.v1.BatchCreateScopesResponse> getBatchCreateScopesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BatchCreateScopes",
      requestType = com.latchkey.scope.v1.BatchCreateScopesRequest.class,
      responseType = com.latchkey.scope.v1.BatchCreateScopesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.BatchCreateScopesRequest,
      com.latchkey.scope.v1.BatchCreateScopesResponse> getBatchCreateScopesMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.BatchCreateScopesRequest, com.latchkey.scope.v1.BatchCreateScopesResponse> getBatchCreateScopesMethod;
    if ((getBatchCreateScopesMethod = ScopeServiceGrpc.getBatchCreateScopesMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getBatchCreateScopesMethod = ScopeServiceGrpc.getBatchCreateScopesMethod) == null) {
          ScopeServiceGrpc.getBatchCreateScopesMethod = getBatchCreateScopesMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.BatchCreateScopesRequest, com.latchkey.scope.v1.BatchCreateScopesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BatchCreateScopes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.BatchCreateScopesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.BatchCreateScopesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("BatchCreateScopes"))
              .build();
        }
      }
    }
    return getBatchCreateScopesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetScopeRequest,
      com.latchkey.scope.v1.GetScopeResponse> getGetScopeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetScope",
      requestType = com.latchkey.scope.v1.GetScopeRequest.class,
      responseType = com.latchkey.scope.v1.GetScopeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetScopeRequest,
      com.latchkey.scope.v1.GetScopeResponse> getGetScopeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetScopeRequest, com.latchkey.scope.v1.GetScopeResponse> getGetScopeMethod;
    if ((getGetScopeMethod = ScopeServiceGrpc.getGetScopeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getGetScopeMethod = ScopeServiceGrpc.getGetScopeMethod) == null) {
          ScopeServiceGrpc.getGetScopeMethod = getGetScopeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.GetScopeRequest, com.latchkey.scope.v1.GetScopeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetScope"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetScopeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetScopeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("GetScope"))
              .build();
        }
      }
    }
    return getGetScopeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopesRequest,
      com.latchkey.scope.v1.ListScopesResponse> getListScopesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListScopes",
      requestType = com.latchkey.scope.v1.ListScopesRequest.class,
      responseType = com.latchkey.scope.v1.ListScopesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopesRequest,
      com.latchkey.scope.v1.ListScopesResponse> getListScopesMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopesRequest, com.latchkey.scope.v1.ListScopesResponse> getListScopesMethod;
    if ((getListScopesMethod = ScopeServiceGrpc.getListScopesMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListScopesMethod = ScopeServiceGrpc.getListScopesMethod) == null) {
          ScopeServiceGrpc.getListScopesMethod = getListScopesMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListScopesRequest, com.latchkey.scope.v1.ListScopesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListScopes"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListScopesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListScopesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListScopes"))
              .build();
        }
      }
    }
    return getListScopesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateScopeRequest,
      com.latchkey.scope.v1.UpdateScopeResponse> getUpdateScopeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateScope",
      requestType = com.latchkey.scope.v1.UpdateScopeRequest.class,
      responseType = com.latchkey.scope.v1.UpdateScopeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateScopeRequest,
      com.latchkey.scope.v1.UpdateScopeResponse> getUpdateScopeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateScopeRequest, com.latchkey.scope.v1.UpdateScopeResponse> getUpdateScopeMethod;
    if ((getUpdateScopeMethod = ScopeServiceGrpc.getUpdateScopeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getUpdateScopeMethod = ScopeServiceGrpc.getUpdateScopeMethod) == null) {
          ScopeServiceGrpc.getUpdateScopeMethod = getUpdateScopeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.UpdateScopeRequest, com.latchkey.scope.v1.UpdateScopeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateScope"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateScopeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateScopeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("UpdateScope"))
              .build();
        }
      }
    }
    return getUpdateScopeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopeAncestorsRequest,
      com.latchkey.scope.v1.ListScopeAncestorsResponse> getListScopeAncestorsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListScopeAncestors",
      requestType = com.latchkey.scope.v1.ListScopeAncestorsRequest.class,
      responseType = com.latchkey.scope.v1.ListScopeAncestorsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopeAncestorsRequest,
      com.latchkey.scope.v1.ListScopeAncestorsResponse> getListScopeAncestorsMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListScopeAncestorsRequest, com.latchkey.scope.v1.ListScopeAncestorsResponse> getListScopeAncestorsMethod;
    if ((getListScopeAncestorsMethod = ScopeServiceGrpc.getListScopeAncestorsMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListScopeAncestorsMethod = ScopeServiceGrpc.getListScopeAncestorsMethod) == null) {
          ScopeServiceGrpc.getListScopeAncestorsMethod = getListScopeAncestorsMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListScopeAncestorsRequest, com.latchkey.scope.v1.ListScopeAncestorsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListScopeAncestors"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListScopeAncestorsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListScopeAncestorsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListScopeAncestors"))
              .build();
        }
      }
    }
    return getListScopeAncestorsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteScopeRequest,
      com.latchkey.scope.v1.DeleteScopeResponse> getDeleteScopeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteScope",
      requestType = com.latchkey.scope.v1.DeleteScopeRequest.class,
      responseType = com.latchkey.scope.v1.DeleteScopeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteScopeRequest,
      com.latchkey.scope.v1.DeleteScopeResponse> getDeleteScopeMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteScopeRequest, com.latchkey.scope.v1.DeleteScopeResponse> getDeleteScopeMethod;
    if ((getDeleteScopeMethod = ScopeServiceGrpc.getDeleteScopeMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getDeleteScopeMethod = ScopeServiceGrpc.getDeleteScopeMethod) == null) {
          ScopeServiceGrpc.getDeleteScopeMethod = getDeleteScopeMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.DeleteScopeRequest, com.latchkey.scope.v1.DeleteScopeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteScope"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteScopeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteScopeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("DeleteScope"))
              .build();
        }
      }
    }
    return getDeleteScopeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateSubjectRequest,
      com.latchkey.scope.v1.CreateSubjectResponse> getCreateSubjectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateSubject",
      requestType = com.latchkey.scope.v1.CreateSubjectRequest.class,
      responseType = com.latchkey.scope.v1.CreateSubjectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateSubjectRequest,
      com.latchkey.scope.v1.CreateSubjectResponse> getCreateSubjectMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateSubjectRequest, com.latchkey.scope.v1.CreateSubjectResponse> getCreateSubjectMethod;
    if ((getCreateSubjectMethod = ScopeServiceGrpc.getCreateSubjectMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getCreateSubjectMethod = ScopeServiceGrpc.getCreateSubjectMethod) == null) {
          ScopeServiceGrpc.getCreateSubjectMethod = getCreateSubjectMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.CreateSubjectRequest, com.latchkey.scope.v1.CreateSubjectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateSubject"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateSubjectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateSubjectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("CreateSubject"))
              .build();
        }
      }
    }
    return getCreateSubjectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetSubjectRequest,
      com.latchkey.scope.v1.GetSubjectResponse> getGetSubjectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSubject",
      requestType = com.latchkey.scope.v1.GetSubjectRequest.class,
      responseType = com.latchkey.scope.v1.GetSubjectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetSubjectRequest,
      com.latchkey.scope.v1.GetSubjectResponse> getGetSubjectMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetSubjectRequest, com.latchkey.scope.v1.GetSubjectResponse> getGetSubjectMethod;
    if ((getGetSubjectMethod = ScopeServiceGrpc.getGetSubjectMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getGetSubjectMethod = ScopeServiceGrpc.getGetSubjectMethod) == null) {
          ScopeServiceGrpc.getGetSubjectMethod = getGetSubjectMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.GetSubjectRequest, com.latchkey.scope.v1.GetSubjectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSubject"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetSubjectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetSubjectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("GetSubject"))
              .build();
        }
      }
    }
    return getGetSubjectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListSubjectsRequest,
      com.latchkey.scope.v1.ListSubjectsResponse> getListSubjectsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSubjects",
      requestType = com.latchkey.scope.v1.ListSubjectsRequest.class,
      responseType = com.latchkey.scope.v1.ListSubjectsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListSubjectsRequest,
      com.latchkey.scope.v1.ListSubjectsResponse> getListSubjectsMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListSubjectsRequest, com.latchkey.scope.v1.ListSubjectsResponse> getListSubjectsMethod;
    if ((getListSubjectsMethod = ScopeServiceGrpc.getListSubjectsMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListSubjectsMethod = ScopeServiceGrpc.getListSubjectsMethod) == null) {
          ScopeServiceGrpc.getListSubjectsMethod = getListSubjectsMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListSubjectsRequest, com.latchkey.scope.v1.ListSubjectsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSubjects"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListSubjectsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListSubjectsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListSubjects"))
              .build();
        }
      }
    }
    return getListSubjectsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteSubjectRequest,
      com.latchkey.scope.v1.DeleteSubjectResponse> getDeleteSubjectMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteSubject",
      requestType = com.latchkey.scope.v1.DeleteSubjectRequest.class,
      responseType = com.latchkey.scope.v1.DeleteSubjectResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteSubjectRequest,
      com.latchkey.scope.v1.DeleteSubjectResponse> getDeleteSubjectMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteSubjectRequest, com.latchkey.scope.v1.DeleteSubjectResponse> getDeleteSubjectMethod;
    if ((getDeleteSubjectMethod = ScopeServiceGrpc.getDeleteSubjectMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getDeleteSubjectMethod = ScopeServiceGrpc.getDeleteSubjectMethod) == null) {
          ScopeServiceGrpc.getDeleteSubjectMethod = getDeleteSubjectMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.DeleteSubjectRequest, com.latchkey.scope.v1.DeleteSubjectResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteSubject"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteSubjectRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteSubjectResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("DeleteSubject"))
              .build();
        }
      }
    }
    return getDeleteSubjectMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateRoleRequest,
      com.latchkey.scope.v1.CreateRoleResponse> getCreateRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateRole",
      requestType = com.latchkey.scope.v1.CreateRoleRequest.class,
      responseType = com.latchkey.scope.v1.CreateRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateRoleRequest,
      com.latchkey.scope.v1.CreateRoleResponse> getCreateRoleMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateRoleRequest, com.latchkey.scope.v1.CreateRoleResponse> getCreateRoleMethod;
    if ((getCreateRoleMethod = ScopeServiceGrpc.getCreateRoleMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getCreateRoleMethod = ScopeServiceGrpc.getCreateRoleMethod) == null) {
          ScopeServiceGrpc.getCreateRoleMethod = getCreateRoleMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.CreateRoleRequest, com.latchkey.scope.v1.CreateRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("CreateRole"))
              .build();
        }
      }
    }
    return getCreateRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetRoleRequest,
      com.latchkey.scope.v1.GetRoleResponse> getGetRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetRole",
      requestType = com.latchkey.scope.v1.GetRoleRequest.class,
      responseType = com.latchkey.scope.v1.GetRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetRoleRequest,
      com.latchkey.scope.v1.GetRoleResponse> getGetRoleMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.GetRoleRequest, com.latchkey.scope.v1.GetRoleResponse> getGetRoleMethod;
    if ((getGetRoleMethod = ScopeServiceGrpc.getGetRoleMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getGetRoleMethod = ScopeServiceGrpc.getGetRoleMethod) == null) {
          ScopeServiceGrpc.getGetRoleMethod = getGetRoleMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.GetRoleRequest, com.latchkey.scope.v1.GetRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetRole"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.GetRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("GetRole"))
              .build();
        }
      }
    }
    return getGetRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListRolesRequest,
      com.latchkey.scope.v1.ListRolesResponse> getListRolesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRoles",
      requestType = com.latchkey.scope.v1.ListRolesRequest.class,
      responseType = com.latchkey.scope.v1.ListRolesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListRolesRequest,
      com.latchkey.scope.v1.ListRolesResponse> getListRolesMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListRolesRequest, com.latchkey.scope.v1.ListRolesResponse> getListRolesMethod;
    if ((getListRolesMethod = ScopeServiceGrpc.getListRolesMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListRolesMethod = ScopeServiceGrpc.getListRolesMethod) == null) {
          ScopeServiceGrpc.getListRolesMethod = getListRolesMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListRolesRequest, com.latchkey.scope.v1.ListRolesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRoles"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListRolesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListRolesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListRoles"))
              .build();
        }
      }
    }
    return getListRolesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateRoleRequest,
      com.latchkey.scope.v1.UpdateRoleResponse> getUpdateRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateRole",
      requestType = com.latchkey.scope.v1.UpdateRoleRequest.class,
      responseType = com.latchkey.scope.v1.UpdateRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateRoleRequest,
      com.latchkey.scope.v1.UpdateRoleResponse> getUpdateRoleMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateRoleRequest, com.latchkey.scope.v1.UpdateRoleResponse> getUpdateRoleMethod;
    if ((getUpdateRoleMethod = ScopeServiceGrpc.getUpdateRoleMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getUpdateRoleMethod = ScopeServiceGrpc.getUpdateRoleMethod) == null) {
          ScopeServiceGrpc.getUpdateRoleMethod = getUpdateRoleMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.UpdateRoleRequest, com.latchkey.scope.v1.UpdateRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("UpdateRole"))
              .build();
        }
      }
    }
    return getUpdateRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteRoleRequest,
      com.latchkey.scope.v1.DeleteRoleResponse> getDeleteRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteRole",
      requestType = com.latchkey.scope.v1.DeleteRoleRequest.class,
      responseType = com.latchkey.scope.v1.DeleteRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteRoleRequest,
      com.latchkey.scope.v1.DeleteRoleResponse> getDeleteRoleMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteRoleRequest, com.latchkey.scope.v1.DeleteRoleResponse> getDeleteRoleMethod;
    if ((getDeleteRoleMethod = ScopeServiceGrpc.getDeleteRoleMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getDeleteRoleMethod = ScopeServiceGrpc.getDeleteRoleMethod) == null) {
          ScopeServiceGrpc.getDeleteRoleMethod = getDeleteRoleMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.DeleteRoleRequest, com.latchkey.scope.v1.DeleteRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("DeleteRole"))
              .build();
        }
      }
    }
    return getDeleteRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateMembershipRequest,
      com.latchkey.scope.v1.CreateMembershipResponse> getCreateMembershipMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateMembership",
      requestType = com.latchkey.scope.v1.CreateMembershipRequest.class,
      responseType = com.latchkey.scope.v1.CreateMembershipResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateMembershipRequest,
      com.latchkey.scope.v1.CreateMembershipResponse> getCreateMembershipMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.CreateMembershipRequest, com.latchkey.scope.v1.CreateMembershipResponse> getCreateMembershipMethod;
    if ((getCreateMembershipMethod = ScopeServiceGrpc.getCreateMembershipMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getCreateMembershipMethod = ScopeServiceGrpc.getCreateMembershipMethod) == null) {
          ScopeServiceGrpc.getCreateMembershipMethod = getCreateMembershipMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.CreateMembershipRequest, com.latchkey.scope.v1.CreateMembershipResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateMembership"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateMembershipRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CreateMembershipResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("CreateMembership"))
              .build();
        }
      }
    }
    return getCreateMembershipMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateMembershipRequest,
      com.latchkey.scope.v1.UpdateMembershipResponse> getUpdateMembershipMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateMembership",
      requestType = com.latchkey.scope.v1.UpdateMembershipRequest.class,
      responseType = com.latchkey.scope.v1.UpdateMembershipResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateMembershipRequest,
      com.latchkey.scope.v1.UpdateMembershipResponse> getUpdateMembershipMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.UpdateMembershipRequest, com.latchkey.scope.v1.UpdateMembershipResponse> getUpdateMembershipMethod;
    if ((getUpdateMembershipMethod = ScopeServiceGrpc.getUpdateMembershipMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getUpdateMembershipMethod = ScopeServiceGrpc.getUpdateMembershipMethod) == null) {
          ScopeServiceGrpc.getUpdateMembershipMethod = getUpdateMembershipMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.UpdateMembershipRequest, com.latchkey.scope.v1.UpdateMembershipResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateMembership"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateMembershipRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.UpdateMembershipResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("UpdateMembership"))
              .build();
        }
      }
    }
    return getUpdateMembershipMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteMembershipRequest,
      com.latchkey.scope.v1.DeleteMembershipResponse> getDeleteMembershipMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMembership",
      requestType = com.latchkey.scope.v1.DeleteMembershipRequest.class,
      responseType = com.latchkey.scope.v1.DeleteMembershipResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteMembershipRequest,
      com.latchkey.scope.v1.DeleteMembershipResponse> getDeleteMembershipMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.DeleteMembershipRequest, com.latchkey.scope.v1.DeleteMembershipResponse> getDeleteMembershipMethod;
    if ((getDeleteMembershipMethod = ScopeServiceGrpc.getDeleteMembershipMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getDeleteMembershipMethod = ScopeServiceGrpc.getDeleteMembershipMethod) == null) {
          ScopeServiceGrpc.getDeleteMembershipMethod = getDeleteMembershipMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.DeleteMembershipRequest, com.latchkey.scope.v1.DeleteMembershipResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMembership"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteMembershipRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.DeleteMembershipResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("DeleteMembership"))
              .build();
        }
      }
    }
    return getDeleteMembershipMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListMembershipsRequest,
      com.latchkey.scope.v1.ListMembershipsResponse> getListMembershipsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMemberships",
      requestType = com.latchkey.scope.v1.ListMembershipsRequest.class,
      responseType = com.latchkey.scope.v1.ListMembershipsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListMembershipsRequest,
      com.latchkey.scope.v1.ListMembershipsResponse> getListMembershipsMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListMembershipsRequest, com.latchkey.scope.v1.ListMembershipsResponse> getListMembershipsMethod;
    if ((getListMembershipsMethod = ScopeServiceGrpc.getListMembershipsMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListMembershipsMethod = ScopeServiceGrpc.getListMembershipsMethod) == null) {
          ScopeServiceGrpc.getListMembershipsMethod = getListMembershipsMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListMembershipsRequest, com.latchkey.scope.v1.ListMembershipsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMemberships"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListMembershipsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListMembershipsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListMemberships"))
              .build();
        }
      }
    }
    return getListMembershipsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.CheckPermissionRequest,
      com.latchkey.scope.v1.CheckPermissionResponse> getCheckPermissionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CheckPermission",
      requestType = com.latchkey.scope.v1.CheckPermissionRequest.class,
      responseType = com.latchkey.scope.v1.CheckPermissionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.CheckPermissionRequest,
      com.latchkey.scope.v1.CheckPermissionResponse> getCheckPermissionMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.CheckPermissionRequest, com.latchkey.scope.v1.CheckPermissionResponse> getCheckPermissionMethod;
    if ((getCheckPermissionMethod = ScopeServiceGrpc.getCheckPermissionMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getCheckPermissionMethod = ScopeServiceGrpc.getCheckPermissionMethod) == null) {
          ScopeServiceGrpc.getCheckPermissionMethod = getCheckPermissionMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.CheckPermissionRequest, com.latchkey.scope.v1.CheckPermissionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CheckPermission"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CheckPermissionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.CheckPermissionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("CheckPermission"))
              .build();
        }
      }
    }
    return getCheckPermissionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.BatchCheckPermissionsRequest,
      com.latchkey.scope.v1.BatchCheckPermissionsResponse> getBatchCheckPermissionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BatchCheckPermissions",
      requestType = com.latchkey.scope.v1.BatchCheckPermissionsRequest.class,
      responseType = com.latchkey.scope.v1.BatchCheckPermissionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.BatchCheckPermissionsRequest,
      com.latchkey.scope.v1.BatchCheckPermissionsResponse> getBatchCheckPermissionsMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.BatchCheckPermissionsRequest, com.latchkey.scope.v1.BatchCheckPermissionsResponse> getBatchCheckPermissionsMethod;
    if ((getBatchCheckPermissionsMethod = ScopeServiceGrpc.getBatchCheckPermissionsMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getBatchCheckPermissionsMethod = ScopeServiceGrpc.getBatchCheckPermissionsMethod) == null) {
          ScopeServiceGrpc.getBatchCheckPermissionsMethod = getBatchCheckPermissionsMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.BatchCheckPermissionsRequest, com.latchkey.scope.v1.BatchCheckPermissionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BatchCheckPermissions"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.BatchCheckPermissionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.BatchCheckPermissionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("BatchCheckPermissions"))
              .build();
        }
      }
    }
    return getBatchCheckPermissionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListSubjectScopesRequest,
      com.latchkey.scope.v1.ListSubjectScopesResponse> getListSubjectScopesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListSubjectScopes",
      requestType = com.latchkey.scope.v1.ListSubjectScopesRequest.class,
      responseType = com.latchkey.scope.v1.ListSubjectScopesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListSubjectScopesRequest,
      com.latchkey.scope.v1.ListSubjectScopesResponse> getListSubjectScopesMethod() {
    io.grpc.MethodDescriptor<com.latchkey.scope.v1.ListSubjectScopesRequest, com.latchkey.scope.v1.ListSubjectScopesResponse> getListSubjectScopesMethod;
    if ((getListSubjectScopesMethod = ScopeServiceGrpc.getListSubjectScopesMethod) == null) {
      synchronized (ScopeServiceGrpc.class) {
        if ((getListSubjectScopesMethod = ScopeServiceGrpc.getListSubjectScopesMethod) == null) {
          ScopeServiceGrpc.getListSubjectScopesMethod = getListSubjectScopesMethod =
              io.grpc.MethodDescriptor.<com.latchkey.scope.v1.ListSubjectScopesRequest, com.latchkey.scope.v1.ListSubjectScopesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListSubjectScopes"))
              .setSafe(true)
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListSubjectScopesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.latchkey.scope.v1.ListSubjectScopesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ScopeServiceMethodDescriptorSupplier("ListSubjectScopes"))
              .build();
        }
      }
    }
    return getListSubjectScopesMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ScopeServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScopeServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScopeServiceStub>() {
        @java.lang.Override
        public ScopeServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScopeServiceStub(channel, callOptions);
        }
      };
    return ScopeServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ScopeServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScopeServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScopeServiceBlockingStub>() {
        @java.lang.Override
        public ScopeServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScopeServiceBlockingStub(channel, callOptions);
        }
      };
    return ScopeServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ScopeServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ScopeServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ScopeServiceFutureStub>() {
        @java.lang.Override
        public ScopeServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ScopeServiceFutureStub(channel, callOptions);
        }
      };
    return ScopeServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ScopeService manages an instance's authorization tree (scope types, scopes,
   * subjects, roles, memberships) and answers permission checks on it.
   * Management calls need `Authorization: Bearer sk_…` (an instance key); the
   * three read-only check calls (CheckPermission, BatchCheckPermissions,
   * ListSubjectScopes) also accept a machine key (`ak_…`), so a service can ask
   * whether its caller may act. Every id is looked up inside the caller's
   * instance only: another instance's resource is NOT_FOUND.
   * Ids: every resource id is `&lt;prefix&gt;_` followed by 1–100 letters, digits,
   * `_` or `-` (prefixes `type`, `scope`, `subject`, `role`); when a create
   * request leaves the id empty the server generates `&lt;prefix&gt;_&lt;uuidv7&gt;`.
   * Errors common to all calls: INVALID_ARGUMENT names the field that is wrong;
   * NOT_FOUND names the resource and id; nothing is written by a call that fails.
   * </pre>
   */
  public static abstract class ScopeServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * CreateScopeType creates a scope type.
     * Errors: INVALID_ARGUMENT (id, name, permission_mode,
     * allowed_parent_type_ids), NOT_FOUND (an allowed parent type),
     * ALREADY_EXISTS (the id is taken).
     * </pre>
     */
    public void createScopeType(com.latchkey.scope.v1.CreateScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateScopeTypeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateScopeTypeMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetScopeType returns one scope type.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getScopeType(com.latchkey.scope.v1.GetScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetScopeTypeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetScopeTypeMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListScopeTypes returns the instance's scope types by id, a page at a time.
     * Errors: INVALID_ARGUMENT (page_size, page_token).
     * </pre>
     */
    public void listScopeTypes(com.latchkey.scope.v1.ListScopeTypesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopeTypesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListScopeTypesMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateScopeType changes the fields named in update_mask (`name`,
     * `allowed_parent_type_ids`). New allowed parent types apply to the type's
     * existing scopes too: a list that one of them would break (its parent, or
     * its being a root, no longer allowed) is refused. Serialised with the
     * instance's tree changes, so no scope can be placed under the old rules
     * while the new ones are checked. The permission mode cannot be changed.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the type
     * or an allowed parent type), FAILED_PRECONDITION (an existing scope of the
     * type would break the new allowed parent types).
     * </pre>
     */
    public void updateScopeType(com.latchkey.scope.v1.UpdateScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateScopeTypeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateScopeTypeMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteScopeType deletes a type that no scope uses and no other type names
     * as an allowed parent.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public void deleteScopeType(com.latchkey.scope.v1.DeleteScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteScopeTypeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteScopeTypeMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateScope creates a scope and its inline memberships, all or nothing.
     * Errors: INVALID_ARGUMENT (any field), NOT_FOUND (type, parent, a subject
     * or role), ALREADY_EXISTS (id, or external_id for the type),
     * FAILED_PRECONDITION (the type does not allow that parent, the tree would
     * be deeper than 16, or a role is not usable at the new scope).
     * </pre>
     */
    public void createScope(com.latchkey.scope.v1.CreateScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateScopeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateScopeMethod(), responseObserver);
    }

    /**
     * <pre>
     * BatchCreateScopes creates up to 1,000 scopes in order, all or nothing. A
     * later entry may name an earlier one as its parent; ids must not repeat.
     * Errors are those of CreateScope, with fields named `scopes[i].…`.
     * </pre>
     */
    public void batchCreateScopes(com.latchkey.scope.v1.BatchCreateScopesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.BatchCreateScopesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBatchCreateScopesMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetScope returns one scope.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getScope(com.latchkey.scope.v1.GetScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetScopeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetScopeMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListScopes returns scopes by id, filtered by every filter that is set, a
     * page at a time.
     * Errors: INVALID_ARGUMENT (a filter, page_size, page_token).
     * </pre>
     */
    public void listScopes(com.latchkey.scope.v1.ListScopesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListScopesMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateScope changes the fields named in update_mask (`name`,
     * `external_id`, `meta`, `parent_scope_id`). Moving a scope moves its
     * whole subtree. Moves are serialised per instance, so concurrent moves
     * can never make a cycle.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the scope
     * or new parent), ALREADY_EXISTS (external_id), FAILED_PRECONDITION (the
     * new parent is the scope or a descendant, the tree would be deeper than
     * 16, the type does not allow that parent, or a membership below uses a
     * role defined at a scope that would no longer be an ancestor).
     * </pre>
     */
    public void updateScope(com.latchkey.scope.v1.UpdateScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateScopeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateScopeMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListScopeAncestors returns a scope's ancestors, its parent first and its
     * root last (at most 15: the tree is at most 16 deep), so it needs no pages.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void listScopeAncestors(com.latchkey.scope.v1.ListScopeAncestorsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopeAncestorsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListScopeAncestorsMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteScope deletes a scope with its memberships and the roles defined at
     * it. A scope with children is refused unless `cascade` is set, which
     * deletes the whole subtree.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (children).
     * </pre>
     */
    public void deleteScope(com.latchkey.scope.v1.DeleteScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteScopeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteScopeMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateSubject creates a subject.
     * Errors: INVALID_ARGUMENT (id, kind, external_id, display_name),
     * ALREADY_EXISTS (id or external_id).
     * </pre>
     */
    public void createSubject(com.latchkey.scope.v1.CreateSubjectRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateSubjectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateSubjectMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetSubject returns one subject.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getSubject(com.latchkey.scope.v1.GetSubjectRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetSubjectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSubjectMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListSubjects returns subjects by id, a page at a time.
     * Errors: INVALID_ARGUMENT (kind, external_id, page_size, page_token).
     * </pre>
     */
    public void listSubjects(com.latchkey.scope.v1.ListSubjectsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListSubjectsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSubjectsMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteSubject deletes a subject and all its memberships.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void deleteSubject(com.latchkey.scope.v1.DeleteSubjectRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteSubjectResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteSubjectMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateRole creates a role for the instance or at a scope.
     * Errors: INVALID_ARGUMENT (id, name, permissions, scope_id), NOT_FOUND
     * (scope), ALREADY_EXISTS (id).
     * </pre>
     */
    public void createRole(com.latchkey.scope.v1.CreateRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetRole returns one role.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getRole(com.latchkey.scope.v1.GetRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListRoles returns roles by id, a page at a time.
     * Errors: INVALID_ARGUMENT (scope_id, page_size, page_token).
     * </pre>
     */
    public void listRoles(com.latchkey.scope.v1.ListRolesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListRolesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRolesMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateRole changes the fields named in update_mask (`name`,
     * `permissions`). New permissions apply to the next check.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND.
     * </pre>
     */
    public void updateRole(com.latchkey.scope.v1.UpdateRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteRole deletes a role no membership uses.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public void deleteRole(com.latchkey.scope.v1.DeleteRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * CreateMembership gives a subject roles in a scope.
     * Errors: INVALID_ARGUMENT (ids, role_ids repeated or more than 50),
     * NOT_FOUND (scope, subject, role), ALREADY_EXISTS (the subject is already
     * a member), FAILED_PRECONDITION (a role is defined at a scope that is not
     * this scope or an ancestor).
     * </pre>
     */
    public void createMembership(com.latchkey.scope.v1.CreateMembershipRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateMembershipResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMembershipMethod(), responseObserver);
    }

    /**
     * <pre>
     * UpdateMembership replaces the roles of a membership.
     * Errors: as CreateMembership, and NOT_FOUND when there is no membership.
     * </pre>
     */
    public void updateMembership(com.latchkey.scope.v1.UpdateMembershipRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateMembershipResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateMembershipMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteMembership removes a subject from a scope.
     * Errors: INVALID_ARGUMENT (ids), NOT_FOUND (no such membership).
     * </pre>
     */
    public void deleteMembership(com.latchkey.scope.v1.DeleteMembershipRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteMembershipResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMembershipMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListMemberships returns the memberships of a scope (ordered by subject)
     * or of a subject (ordered by scope), a page at a time. Exactly one of
     * scope_id and subject_id must be set.
     * Errors: INVALID_ARGUMENT (ids, page_size, page_token).
     * </pre>
     */
    public void listMemberships(com.latchkey.scope.v1.ListMembershipsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListMembershipsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMembershipsMethod(), responseObserver);
    }

    /**
     * <pre>
     * CheckPermission tells whether the subject holds the permission in the
     * scope: through a membership in the scope, or in an ancestor it inherits
     * from (up to and including the nearest scope of a DEFINE type), with a
     * role one of whose patterns matches. One database round trip whatever the
     * depth.
     * Errors: INVALID_ARGUMENT (subject_id, scope_id, permission), NOT_FOUND
     * (scope or subject).
     * </pre>
     */
    public void checkPermission(com.latchkey.scope.v1.CheckPermissionRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CheckPermissionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCheckPermissionMethod(), responseObserver);
    }

    /**
     * <pre>
     * BatchCheckPermissions runs up to 100 checks and answers them in order.
     * Errors: those of CheckPermission, with fields named `checks[i].…`.
     * </pre>
     */
    public void batchCheckPermissions(com.latchkey.scope.v1.BatchCheckPermissionsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.BatchCheckPermissionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBatchCheckPermissionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListSubjectScopes streams every scope in which the subject holds the
     * permission, ordered by id, in messages of up to 100 scopes.
     * Errors: INVALID_ARGUMENT (subject_id, permission), NOT_FOUND (subject).
     * </pre>
     */
    public void listSubjectScopes(com.latchkey.scope.v1.ListSubjectScopesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListSubjectScopesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListSubjectScopesMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getCreateScopeTypeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.CreateScopeTypeRequest,
                com.latchkey.scope.v1.CreateScopeTypeResponse>(
                  this, METHODID_CREATE_SCOPE_TYPE)))
          .addMethod(
            getGetScopeTypeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.GetScopeTypeRequest,
                com.latchkey.scope.v1.GetScopeTypeResponse>(
                  this, METHODID_GET_SCOPE_TYPE)))
          .addMethod(
            getListScopeTypesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListScopeTypesRequest,
                com.latchkey.scope.v1.ListScopeTypesResponse>(
                  this, METHODID_LIST_SCOPE_TYPES)))
          .addMethod(
            getUpdateScopeTypeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.UpdateScopeTypeRequest,
                com.latchkey.scope.v1.UpdateScopeTypeResponse>(
                  this, METHODID_UPDATE_SCOPE_TYPE)))
          .addMethod(
            getDeleteScopeTypeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.DeleteScopeTypeRequest,
                com.latchkey.scope.v1.DeleteScopeTypeResponse>(
                  this, METHODID_DELETE_SCOPE_TYPE)))
          .addMethod(
            getCreateScopeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.CreateScopeRequest,
                com.latchkey.scope.v1.CreateScopeResponse>(
                  this, METHODID_CREATE_SCOPE)))
          .addMethod(
            getBatchCreateScopesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.BatchCreateScopesRequest,
                com.latchkey.scope.v1.BatchCreateScopesResponse>(
                  this, METHODID_BATCH_CREATE_SCOPES)))
          .addMethod(
            getGetScopeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.GetScopeRequest,
                com.latchkey.scope.v1.GetScopeResponse>(
                  this, METHODID_GET_SCOPE)))
          .addMethod(
            getListScopesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListScopesRequest,
                com.latchkey.scope.v1.ListScopesResponse>(
                  this, METHODID_LIST_SCOPES)))
          .addMethod(
            getUpdateScopeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.UpdateScopeRequest,
                com.latchkey.scope.v1.UpdateScopeResponse>(
                  this, METHODID_UPDATE_SCOPE)))
          .addMethod(
            getListScopeAncestorsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListScopeAncestorsRequest,
                com.latchkey.scope.v1.ListScopeAncestorsResponse>(
                  this, METHODID_LIST_SCOPE_ANCESTORS)))
          .addMethod(
            getDeleteScopeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.DeleteScopeRequest,
                com.latchkey.scope.v1.DeleteScopeResponse>(
                  this, METHODID_DELETE_SCOPE)))
          .addMethod(
            getCreateSubjectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.CreateSubjectRequest,
                com.latchkey.scope.v1.CreateSubjectResponse>(
                  this, METHODID_CREATE_SUBJECT)))
          .addMethod(
            getGetSubjectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.GetSubjectRequest,
                com.latchkey.scope.v1.GetSubjectResponse>(
                  this, METHODID_GET_SUBJECT)))
          .addMethod(
            getListSubjectsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListSubjectsRequest,
                com.latchkey.scope.v1.ListSubjectsResponse>(
                  this, METHODID_LIST_SUBJECTS)))
          .addMethod(
            getDeleteSubjectMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.DeleteSubjectRequest,
                com.latchkey.scope.v1.DeleteSubjectResponse>(
                  this, METHODID_DELETE_SUBJECT)))
          .addMethod(
            getCreateRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.CreateRoleRequest,
                com.latchkey.scope.v1.CreateRoleResponse>(
                  this, METHODID_CREATE_ROLE)))
          .addMethod(
            getGetRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.GetRoleRequest,
                com.latchkey.scope.v1.GetRoleResponse>(
                  this, METHODID_GET_ROLE)))
          .addMethod(
            getListRolesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListRolesRequest,
                com.latchkey.scope.v1.ListRolesResponse>(
                  this, METHODID_LIST_ROLES)))
          .addMethod(
            getUpdateRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.UpdateRoleRequest,
                com.latchkey.scope.v1.UpdateRoleResponse>(
                  this, METHODID_UPDATE_ROLE)))
          .addMethod(
            getDeleteRoleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.DeleteRoleRequest,
                com.latchkey.scope.v1.DeleteRoleResponse>(
                  this, METHODID_DELETE_ROLE)))
          .addMethod(
            getCreateMembershipMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.CreateMembershipRequest,
                com.latchkey.scope.v1.CreateMembershipResponse>(
                  this, METHODID_CREATE_MEMBERSHIP)))
          .addMethod(
            getUpdateMembershipMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.UpdateMembershipRequest,
                com.latchkey.scope.v1.UpdateMembershipResponse>(
                  this, METHODID_UPDATE_MEMBERSHIP)))
          .addMethod(
            getDeleteMembershipMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.DeleteMembershipRequest,
                com.latchkey.scope.v1.DeleteMembershipResponse>(
                  this, METHODID_DELETE_MEMBERSHIP)))
          .addMethod(
            getListMembershipsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListMembershipsRequest,
                com.latchkey.scope.v1.ListMembershipsResponse>(
                  this, METHODID_LIST_MEMBERSHIPS)))
          .addMethod(
            getCheckPermissionMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.CheckPermissionRequest,
                com.latchkey.scope.v1.CheckPermissionResponse>(
                  this, METHODID_CHECK_PERMISSION)))
          .addMethod(
            getBatchCheckPermissionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.latchkey.scope.v1.BatchCheckPermissionsRequest,
                com.latchkey.scope.v1.BatchCheckPermissionsResponse>(
                  this, METHODID_BATCH_CHECK_PERMISSIONS)))
          .addMethod(
            getListSubjectScopesMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                com.latchkey.scope.v1.ListSubjectScopesRequest,
                com.latchkey.scope.v1.ListSubjectScopesResponse>(
                  this, METHODID_LIST_SUBJECT_SCOPES)))
          .build();
    }
  }

  /**
   * <pre>
   * ScopeService manages an instance's authorization tree (scope types, scopes,
   * subjects, roles, memberships) and answers permission checks on it.
   * Management calls need `Authorization: Bearer sk_…` (an instance key); the
   * three read-only check calls (CheckPermission, BatchCheckPermissions,
   * ListSubjectScopes) also accept a machine key (`ak_…`), so a service can ask
   * whether its caller may act. Every id is looked up inside the caller's
   * instance only: another instance's resource is NOT_FOUND.
   * Ids: every resource id is `&lt;prefix&gt;_` followed by 1–100 letters, digits,
   * `_` or `-` (prefixes `type`, `scope`, `subject`, `role`); when a create
   * request leaves the id empty the server generates `&lt;prefix&gt;_&lt;uuidv7&gt;`.
   * Errors common to all calls: INVALID_ARGUMENT names the field that is wrong;
   * NOT_FOUND names the resource and id; nothing is written by a call that fails.
   * </pre>
   */
  public static final class ScopeServiceStub extends io.grpc.stub.AbstractAsyncStub<ScopeServiceStub> {
    private ScopeServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScopeServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScopeServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateScopeType creates a scope type.
     * Errors: INVALID_ARGUMENT (id, name, permission_mode,
     * allowed_parent_type_ids), NOT_FOUND (an allowed parent type),
     * ALREADY_EXISTS (the id is taken).
     * </pre>
     */
    public void createScopeType(com.latchkey.scope.v1.CreateScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateScopeTypeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateScopeTypeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetScopeType returns one scope type.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getScopeType(com.latchkey.scope.v1.GetScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetScopeTypeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetScopeTypeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListScopeTypes returns the instance's scope types by id, a page at a time.
     * Errors: INVALID_ARGUMENT (page_size, page_token).
     * </pre>
     */
    public void listScopeTypes(com.latchkey.scope.v1.ListScopeTypesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopeTypesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListScopeTypesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateScopeType changes the fields named in update_mask (`name`,
     * `allowed_parent_type_ids`). New allowed parent types apply to the type's
     * existing scopes too: a list that one of them would break (its parent, or
     * its being a root, no longer allowed) is refused. Serialised with the
     * instance's tree changes, so no scope can be placed under the old rules
     * while the new ones are checked. The permission mode cannot be changed.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the type
     * or an allowed parent type), FAILED_PRECONDITION (an existing scope of the
     * type would break the new allowed parent types).
     * </pre>
     */
    public void updateScopeType(com.latchkey.scope.v1.UpdateScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateScopeTypeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateScopeTypeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteScopeType deletes a type that no scope uses and no other type names
     * as an allowed parent.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public void deleteScopeType(com.latchkey.scope.v1.DeleteScopeTypeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteScopeTypeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteScopeTypeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateScope creates a scope and its inline memberships, all or nothing.
     * Errors: INVALID_ARGUMENT (any field), NOT_FOUND (type, parent, a subject
     * or role), ALREADY_EXISTS (id, or external_id for the type),
     * FAILED_PRECONDITION (the type does not allow that parent, the tree would
     * be deeper than 16, or a role is not usable at the new scope).
     * </pre>
     */
    public void createScope(com.latchkey.scope.v1.CreateScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateScopeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateScopeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * BatchCreateScopes creates up to 1,000 scopes in order, all or nothing. A
     * later entry may name an earlier one as its parent; ids must not repeat.
     * Errors are those of CreateScope, with fields named `scopes[i].…`.
     * </pre>
     */
    public void batchCreateScopes(com.latchkey.scope.v1.BatchCreateScopesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.BatchCreateScopesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBatchCreateScopesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetScope returns one scope.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getScope(com.latchkey.scope.v1.GetScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetScopeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetScopeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListScopes returns scopes by id, filtered by every filter that is set, a
     * page at a time.
     * Errors: INVALID_ARGUMENT (a filter, page_size, page_token).
     * </pre>
     */
    public void listScopes(com.latchkey.scope.v1.ListScopesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListScopesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateScope changes the fields named in update_mask (`name`,
     * `external_id`, `meta`, `parent_scope_id`). Moving a scope moves its
     * whole subtree. Moves are serialised per instance, so concurrent moves
     * can never make a cycle.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the scope
     * or new parent), ALREADY_EXISTS (external_id), FAILED_PRECONDITION (the
     * new parent is the scope or a descendant, the tree would be deeper than
     * 16, the type does not allow that parent, or a membership below uses a
     * role defined at a scope that would no longer be an ancestor).
     * </pre>
     */
    public void updateScope(com.latchkey.scope.v1.UpdateScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateScopeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateScopeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListScopeAncestors returns a scope's ancestors, its parent first and its
     * root last (at most 15: the tree is at most 16 deep), so it needs no pages.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void listScopeAncestors(com.latchkey.scope.v1.ListScopeAncestorsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopeAncestorsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListScopeAncestorsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteScope deletes a scope with its memberships and the roles defined at
     * it. A scope with children is refused unless `cascade` is set, which
     * deletes the whole subtree.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (children).
     * </pre>
     */
    public void deleteScope(com.latchkey.scope.v1.DeleteScopeRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteScopeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteScopeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateSubject creates a subject.
     * Errors: INVALID_ARGUMENT (id, kind, external_id, display_name),
     * ALREADY_EXISTS (id or external_id).
     * </pre>
     */
    public void createSubject(com.latchkey.scope.v1.CreateSubjectRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateSubjectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateSubjectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetSubject returns one subject.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getSubject(com.latchkey.scope.v1.GetSubjectRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetSubjectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSubjectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListSubjects returns subjects by id, a page at a time.
     * Errors: INVALID_ARGUMENT (kind, external_id, page_size, page_token).
     * </pre>
     */
    public void listSubjects(com.latchkey.scope.v1.ListSubjectsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListSubjectsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListSubjectsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteSubject deletes a subject and all its memberships.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void deleteSubject(com.latchkey.scope.v1.DeleteSubjectRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteSubjectResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteSubjectMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateRole creates a role for the instance or at a scope.
     * Errors: INVALID_ARGUMENT (id, name, permissions, scope_id), NOT_FOUND
     * (scope), ALREADY_EXISTS (id).
     * </pre>
     */
    public void createRole(com.latchkey.scope.v1.CreateRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetRole returns one role.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public void getRole(com.latchkey.scope.v1.GetRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListRoles returns roles by id, a page at a time.
     * Errors: INVALID_ARGUMENT (scope_id, page_size, page_token).
     * </pre>
     */
    public void listRoles(com.latchkey.scope.v1.ListRolesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListRolesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRolesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateRole changes the fields named in update_mask (`name`,
     * `permissions`). New permissions apply to the next check.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND.
     * </pre>
     */
    public void updateRole(com.latchkey.scope.v1.UpdateRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteRole deletes a role no membership uses.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public void deleteRole(com.latchkey.scope.v1.DeleteRoleRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CreateMembership gives a subject roles in a scope.
     * Errors: INVALID_ARGUMENT (ids, role_ids repeated or more than 50),
     * NOT_FOUND (scope, subject, role), ALREADY_EXISTS (the subject is already
     * a member), FAILED_PRECONDITION (a role is defined at a scope that is not
     * this scope or an ancestor).
     * </pre>
     */
    public void createMembership(com.latchkey.scope.v1.CreateMembershipRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateMembershipResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMembershipMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * UpdateMembership replaces the roles of a membership.
     * Errors: as CreateMembership, and NOT_FOUND when there is no membership.
     * </pre>
     */
    public void updateMembership(com.latchkey.scope.v1.UpdateMembershipRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateMembershipResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateMembershipMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteMembership removes a subject from a scope.
     * Errors: INVALID_ARGUMENT (ids), NOT_FOUND (no such membership).
     * </pre>
     */
    public void deleteMembership(com.latchkey.scope.v1.DeleteMembershipRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteMembershipResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMembershipMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListMemberships returns the memberships of a scope (ordered by subject)
     * or of a subject (ordered by scope), a page at a time. Exactly one of
     * scope_id and subject_id must be set.
     * Errors: INVALID_ARGUMENT (ids, page_size, page_token).
     * </pre>
     */
    public void listMemberships(com.latchkey.scope.v1.ListMembershipsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListMembershipsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMembershipsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * CheckPermission tells whether the subject holds the permission in the
     * scope: through a membership in the scope, or in an ancestor it inherits
     * from (up to and including the nearest scope of a DEFINE type), with a
     * role one of whose patterns matches. One database round trip whatever the
     * depth.
     * Errors: INVALID_ARGUMENT (subject_id, scope_id, permission), NOT_FOUND
     * (scope or subject).
     * </pre>
     */
    public void checkPermission(com.latchkey.scope.v1.CheckPermissionRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CheckPermissionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCheckPermissionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * BatchCheckPermissions runs up to 100 checks and answers them in order.
     * Errors: those of CheckPermission, with fields named `checks[i].…`.
     * </pre>
     */
    public void batchCheckPermissions(com.latchkey.scope.v1.BatchCheckPermissionsRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.BatchCheckPermissionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBatchCheckPermissionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListSubjectScopes streams every scope in which the subject holds the
     * permission, ordered by id, in messages of up to 100 scopes.
     * Errors: INVALID_ARGUMENT (subject_id, permission), NOT_FOUND (subject).
     * </pre>
     */
    public void listSubjectScopes(com.latchkey.scope.v1.ListSubjectScopesRequest request,
        io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListSubjectScopesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getListSubjectScopesMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * ScopeService manages an instance's authorization tree (scope types, scopes,
   * subjects, roles, memberships) and answers permission checks on it.
   * Management calls need `Authorization: Bearer sk_…` (an instance key); the
   * three read-only check calls (CheckPermission, BatchCheckPermissions,
   * ListSubjectScopes) also accept a machine key (`ak_…`), so a service can ask
   * whether its caller may act. Every id is looked up inside the caller's
   * instance only: another instance's resource is NOT_FOUND.
   * Ids: every resource id is `&lt;prefix&gt;_` followed by 1–100 letters, digits,
   * `_` or `-` (prefixes `type`, `scope`, `subject`, `role`); when a create
   * request leaves the id empty the server generates `&lt;prefix&gt;_&lt;uuidv7&gt;`.
   * Errors common to all calls: INVALID_ARGUMENT names the field that is wrong;
   * NOT_FOUND names the resource and id; nothing is written by a call that fails.
   * </pre>
   */
  public static final class ScopeServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<ScopeServiceBlockingStub> {
    private ScopeServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScopeServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScopeServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateScopeType creates a scope type.
     * Errors: INVALID_ARGUMENT (id, name, permission_mode,
     * allowed_parent_type_ids), NOT_FOUND (an allowed parent type),
     * ALREADY_EXISTS (the id is taken).
     * </pre>
     */
    public com.latchkey.scope.v1.CreateScopeTypeResponse createScopeType(com.latchkey.scope.v1.CreateScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateScopeTypeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetScopeType returns one scope type.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.GetScopeTypeResponse getScopeType(com.latchkey.scope.v1.GetScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetScopeTypeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListScopeTypes returns the instance's scope types by id, a page at a time.
     * Errors: INVALID_ARGUMENT (page_size, page_token).
     * </pre>
     */
    public com.latchkey.scope.v1.ListScopeTypesResponse listScopeTypes(com.latchkey.scope.v1.ListScopeTypesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListScopeTypesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateScopeType changes the fields named in update_mask (`name`,
     * `allowed_parent_type_ids`). New allowed parent types apply to the type's
     * existing scopes too: a list that one of them would break (its parent, or
     * its being a root, no longer allowed) is refused. Serialised with the
     * instance's tree changes, so no scope can be placed under the old rules
     * while the new ones are checked. The permission mode cannot be changed.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the type
     * or an allowed parent type), FAILED_PRECONDITION (an existing scope of the
     * type would break the new allowed parent types).
     * </pre>
     */
    public com.latchkey.scope.v1.UpdateScopeTypeResponse updateScopeType(com.latchkey.scope.v1.UpdateScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateScopeTypeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteScopeType deletes a type that no scope uses and no other type names
     * as an allowed parent.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public com.latchkey.scope.v1.DeleteScopeTypeResponse deleteScopeType(com.latchkey.scope.v1.DeleteScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteScopeTypeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateScope creates a scope and its inline memberships, all or nothing.
     * Errors: INVALID_ARGUMENT (any field), NOT_FOUND (type, parent, a subject
     * or role), ALREADY_EXISTS (id, or external_id for the type),
     * FAILED_PRECONDITION (the type does not allow that parent, the tree would
     * be deeper than 16, or a role is not usable at the new scope).
     * </pre>
     */
    public com.latchkey.scope.v1.CreateScopeResponse createScope(com.latchkey.scope.v1.CreateScopeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateScopeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * BatchCreateScopes creates up to 1,000 scopes in order, all or nothing. A
     * later entry may name an earlier one as its parent; ids must not repeat.
     * Errors are those of CreateScope, with fields named `scopes[i].…`.
     * </pre>
     */
    public com.latchkey.scope.v1.BatchCreateScopesResponse batchCreateScopes(com.latchkey.scope.v1.BatchCreateScopesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBatchCreateScopesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetScope returns one scope.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.GetScopeResponse getScope(com.latchkey.scope.v1.GetScopeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetScopeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListScopes returns scopes by id, filtered by every filter that is set, a
     * page at a time.
     * Errors: INVALID_ARGUMENT (a filter, page_size, page_token).
     * </pre>
     */
    public com.latchkey.scope.v1.ListScopesResponse listScopes(com.latchkey.scope.v1.ListScopesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListScopesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateScope changes the fields named in update_mask (`name`,
     * `external_id`, `meta`, `parent_scope_id`). Moving a scope moves its
     * whole subtree. Moves are serialised per instance, so concurrent moves
     * can never make a cycle.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the scope
     * or new parent), ALREADY_EXISTS (external_id), FAILED_PRECONDITION (the
     * new parent is the scope or a descendant, the tree would be deeper than
     * 16, the type does not allow that parent, or a membership below uses a
     * role defined at a scope that would no longer be an ancestor).
     * </pre>
     */
    public com.latchkey.scope.v1.UpdateScopeResponse updateScope(com.latchkey.scope.v1.UpdateScopeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateScopeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListScopeAncestors returns a scope's ancestors, its parent first and its
     * root last (at most 15: the tree is at most 16 deep), so it needs no pages.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.ListScopeAncestorsResponse listScopeAncestors(com.latchkey.scope.v1.ListScopeAncestorsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListScopeAncestorsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteScope deletes a scope with its memberships and the roles defined at
     * it. A scope with children is refused unless `cascade` is set, which
     * deletes the whole subtree.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (children).
     * </pre>
     */
    public com.latchkey.scope.v1.DeleteScopeResponse deleteScope(com.latchkey.scope.v1.DeleteScopeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteScopeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateSubject creates a subject.
     * Errors: INVALID_ARGUMENT (id, kind, external_id, display_name),
     * ALREADY_EXISTS (id or external_id).
     * </pre>
     */
    public com.latchkey.scope.v1.CreateSubjectResponse createSubject(com.latchkey.scope.v1.CreateSubjectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateSubjectMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetSubject returns one subject.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.GetSubjectResponse getSubject(com.latchkey.scope.v1.GetSubjectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSubjectMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListSubjects returns subjects by id, a page at a time.
     * Errors: INVALID_ARGUMENT (kind, external_id, page_size, page_token).
     * </pre>
     */
    public com.latchkey.scope.v1.ListSubjectsResponse listSubjects(com.latchkey.scope.v1.ListSubjectsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListSubjectsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteSubject deletes a subject and all its memberships.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.DeleteSubjectResponse deleteSubject(com.latchkey.scope.v1.DeleteSubjectRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteSubjectMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateRole creates a role for the instance or at a scope.
     * Errors: INVALID_ARGUMENT (id, name, permissions, scope_id), NOT_FOUND
     * (scope), ALREADY_EXISTS (id).
     * </pre>
     */
    public com.latchkey.scope.v1.CreateRoleResponse createRole(com.latchkey.scope.v1.CreateRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetRole returns one role.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.GetRoleResponse getRole(com.latchkey.scope.v1.GetRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListRoles returns roles by id, a page at a time.
     * Errors: INVALID_ARGUMENT (scope_id, page_size, page_token).
     * </pre>
     */
    public com.latchkey.scope.v1.ListRolesResponse listRoles(com.latchkey.scope.v1.ListRolesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRolesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateRole changes the fields named in update_mask (`name`,
     * `permissions`). New permissions apply to the next check.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND.
     * </pre>
     */
    public com.latchkey.scope.v1.UpdateRoleResponse updateRole(com.latchkey.scope.v1.UpdateRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteRole deletes a role no membership uses.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public com.latchkey.scope.v1.DeleteRoleResponse deleteRole(com.latchkey.scope.v1.DeleteRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CreateMembership gives a subject roles in a scope.
     * Errors: INVALID_ARGUMENT (ids, role_ids repeated or more than 50),
     * NOT_FOUND (scope, subject, role), ALREADY_EXISTS (the subject is already
     * a member), FAILED_PRECONDITION (a role is defined at a scope that is not
     * this scope or an ancestor).
     * </pre>
     */
    public com.latchkey.scope.v1.CreateMembershipResponse createMembership(com.latchkey.scope.v1.CreateMembershipRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMembershipMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * UpdateMembership replaces the roles of a membership.
     * Errors: as CreateMembership, and NOT_FOUND when there is no membership.
     * </pre>
     */
    public com.latchkey.scope.v1.UpdateMembershipResponse updateMembership(com.latchkey.scope.v1.UpdateMembershipRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateMembershipMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteMembership removes a subject from a scope.
     * Errors: INVALID_ARGUMENT (ids), NOT_FOUND (no such membership).
     * </pre>
     */
    public com.latchkey.scope.v1.DeleteMembershipResponse deleteMembership(com.latchkey.scope.v1.DeleteMembershipRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMembershipMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListMemberships returns the memberships of a scope (ordered by subject)
     * or of a subject (ordered by scope), a page at a time. Exactly one of
     * scope_id and subject_id must be set.
     * Errors: INVALID_ARGUMENT (ids, page_size, page_token).
     * </pre>
     */
    public com.latchkey.scope.v1.ListMembershipsResponse listMemberships(com.latchkey.scope.v1.ListMembershipsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMembershipsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * CheckPermission tells whether the subject holds the permission in the
     * scope: through a membership in the scope, or in an ancestor it inherits
     * from (up to and including the nearest scope of a DEFINE type), with a
     * role one of whose patterns matches. One database round trip whatever the
     * depth.
     * Errors: INVALID_ARGUMENT (subject_id, scope_id, permission), NOT_FOUND
     * (scope or subject).
     * </pre>
     */
    public com.latchkey.scope.v1.CheckPermissionResponse checkPermission(com.latchkey.scope.v1.CheckPermissionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCheckPermissionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * BatchCheckPermissions runs up to 100 checks and answers them in order.
     * Errors: those of CheckPermission, with fields named `checks[i].…`.
     * </pre>
     */
    public com.latchkey.scope.v1.BatchCheckPermissionsResponse batchCheckPermissions(com.latchkey.scope.v1.BatchCheckPermissionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBatchCheckPermissionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListSubjectScopes streams every scope in which the subject holds the
     * permission, ordered by id, in messages of up to 100 scopes.
     * Errors: INVALID_ARGUMENT (subject_id, permission), NOT_FOUND (subject).
     * </pre>
     */
    public java.util.Iterator<com.latchkey.scope.v1.ListSubjectScopesResponse> listSubjectScopes(
        com.latchkey.scope.v1.ListSubjectScopesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getListSubjectScopesMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * ScopeService manages an instance's authorization tree (scope types, scopes,
   * subjects, roles, memberships) and answers permission checks on it.
   * Management calls need `Authorization: Bearer sk_…` (an instance key); the
   * three read-only check calls (CheckPermission, BatchCheckPermissions,
   * ListSubjectScopes) also accept a machine key (`ak_…`), so a service can ask
   * whether its caller may act. Every id is looked up inside the caller's
   * instance only: another instance's resource is NOT_FOUND.
   * Ids: every resource id is `&lt;prefix&gt;_` followed by 1–100 letters, digits,
   * `_` or `-` (prefixes `type`, `scope`, `subject`, `role`); when a create
   * request leaves the id empty the server generates `&lt;prefix&gt;_&lt;uuidv7&gt;`.
   * Errors common to all calls: INVALID_ARGUMENT names the field that is wrong;
   * NOT_FOUND names the resource and id; nothing is written by a call that fails.
   * </pre>
   */
  public static final class ScopeServiceFutureStub extends io.grpc.stub.AbstractFutureStub<ScopeServiceFutureStub> {
    private ScopeServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ScopeServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ScopeServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * CreateScopeType creates a scope type.
     * Errors: INVALID_ARGUMENT (id, name, permission_mode,
     * allowed_parent_type_ids), NOT_FOUND (an allowed parent type),
     * ALREADY_EXISTS (the id is taken).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.CreateScopeTypeResponse> createScopeType(
        com.latchkey.scope.v1.CreateScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateScopeTypeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetScopeType returns one scope type.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.GetScopeTypeResponse> getScopeType(
        com.latchkey.scope.v1.GetScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetScopeTypeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListScopeTypes returns the instance's scope types by id, a page at a time.
     * Errors: INVALID_ARGUMENT (page_size, page_token).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.ListScopeTypesResponse> listScopeTypes(
        com.latchkey.scope.v1.ListScopeTypesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListScopeTypesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateScopeType changes the fields named in update_mask (`name`,
     * `allowed_parent_type_ids`). New allowed parent types apply to the type's
     * existing scopes too: a list that one of them would break (its parent, or
     * its being a root, no longer allowed) is refused. Serialised with the
     * instance's tree changes, so no scope can be placed under the old rules
     * while the new ones are checked. The permission mode cannot be changed.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the type
     * or an allowed parent type), FAILED_PRECONDITION (an existing scope of the
     * type would break the new allowed parent types).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.UpdateScopeTypeResponse> updateScopeType(
        com.latchkey.scope.v1.UpdateScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateScopeTypeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteScopeType deletes a type that no scope uses and no other type names
     * as an allowed parent.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.DeleteScopeTypeResponse> deleteScopeType(
        com.latchkey.scope.v1.DeleteScopeTypeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteScopeTypeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateScope creates a scope and its inline memberships, all or nothing.
     * Errors: INVALID_ARGUMENT (any field), NOT_FOUND (type, parent, a subject
     * or role), ALREADY_EXISTS (id, or external_id for the type),
     * FAILED_PRECONDITION (the type does not allow that parent, the tree would
     * be deeper than 16, or a role is not usable at the new scope).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.CreateScopeResponse> createScope(
        com.latchkey.scope.v1.CreateScopeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateScopeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * BatchCreateScopes creates up to 1,000 scopes in order, all or nothing. A
     * later entry may name an earlier one as its parent; ids must not repeat.
     * Errors are those of CreateScope, with fields named `scopes[i].…`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.BatchCreateScopesResponse> batchCreateScopes(
        com.latchkey.scope.v1.BatchCreateScopesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBatchCreateScopesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetScope returns one scope.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.GetScopeResponse> getScope(
        com.latchkey.scope.v1.GetScopeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetScopeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListScopes returns scopes by id, filtered by every filter that is set, a
     * page at a time.
     * Errors: INVALID_ARGUMENT (a filter, page_size, page_token).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.ListScopesResponse> listScopes(
        com.latchkey.scope.v1.ListScopesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListScopesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateScope changes the fields named in update_mask (`name`,
     * `external_id`, `meta`, `parent_scope_id`). Moving a scope moves its
     * whole subtree. Moves are serialised per instance, so concurrent moves
     * can never make a cycle.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND (the scope
     * or new parent), ALREADY_EXISTS (external_id), FAILED_PRECONDITION (the
     * new parent is the scope or a descendant, the tree would be deeper than
     * 16, the type does not allow that parent, or a membership below uses a
     * role defined at a scope that would no longer be an ancestor).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.UpdateScopeResponse> updateScope(
        com.latchkey.scope.v1.UpdateScopeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateScopeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListScopeAncestors returns a scope's ancestors, its parent first and its
     * root last (at most 15: the tree is at most 16 deep), so it needs no pages.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.ListScopeAncestorsResponse> listScopeAncestors(
        com.latchkey.scope.v1.ListScopeAncestorsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListScopeAncestorsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteScope deletes a scope with its memberships and the roles defined at
     * it. A scope with children is refused unless `cascade` is set, which
     * deletes the whole subtree.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (children).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.DeleteScopeResponse> deleteScope(
        com.latchkey.scope.v1.DeleteScopeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteScopeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateSubject creates a subject.
     * Errors: INVALID_ARGUMENT (id, kind, external_id, display_name),
     * ALREADY_EXISTS (id or external_id).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.CreateSubjectResponse> createSubject(
        com.latchkey.scope.v1.CreateSubjectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateSubjectMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetSubject returns one subject.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.GetSubjectResponse> getSubject(
        com.latchkey.scope.v1.GetSubjectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSubjectMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListSubjects returns subjects by id, a page at a time.
     * Errors: INVALID_ARGUMENT (kind, external_id, page_size, page_token).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.ListSubjectsResponse> listSubjects(
        com.latchkey.scope.v1.ListSubjectsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListSubjectsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteSubject deletes a subject and all its memberships.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.DeleteSubjectResponse> deleteSubject(
        com.latchkey.scope.v1.DeleteSubjectRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteSubjectMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateRole creates a role for the instance or at a scope.
     * Errors: INVALID_ARGUMENT (id, name, permissions, scope_id), NOT_FOUND
     * (scope), ALREADY_EXISTS (id).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.CreateRoleResponse> createRole(
        com.latchkey.scope.v1.CreateRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetRole returns one role.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.GetRoleResponse> getRole(
        com.latchkey.scope.v1.GetRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListRoles returns roles by id, a page at a time.
     * Errors: INVALID_ARGUMENT (scope_id, page_size, page_token).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.ListRolesResponse> listRoles(
        com.latchkey.scope.v1.ListRolesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRolesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateRole changes the fields named in update_mask (`name`,
     * `permissions`). New permissions apply to the next check.
     * Errors: INVALID_ARGUMENT (id, a field, update_mask), NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.UpdateRoleResponse> updateRole(
        com.latchkey.scope.v1.UpdateRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteRole deletes a role no membership uses.
     * Errors: INVALID_ARGUMENT (id), NOT_FOUND, FAILED_PRECONDITION (in use).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.DeleteRoleResponse> deleteRole(
        com.latchkey.scope.v1.DeleteRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CreateMembership gives a subject roles in a scope.
     * Errors: INVALID_ARGUMENT (ids, role_ids repeated or more than 50),
     * NOT_FOUND (scope, subject, role), ALREADY_EXISTS (the subject is already
     * a member), FAILED_PRECONDITION (a role is defined at a scope that is not
     * this scope or an ancestor).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.CreateMembershipResponse> createMembership(
        com.latchkey.scope.v1.CreateMembershipRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMembershipMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * UpdateMembership replaces the roles of a membership.
     * Errors: as CreateMembership, and NOT_FOUND when there is no membership.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.UpdateMembershipResponse> updateMembership(
        com.latchkey.scope.v1.UpdateMembershipRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateMembershipMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteMembership removes a subject from a scope.
     * Errors: INVALID_ARGUMENT (ids), NOT_FOUND (no such membership).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.DeleteMembershipResponse> deleteMembership(
        com.latchkey.scope.v1.DeleteMembershipRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMembershipMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListMemberships returns the memberships of a scope (ordered by subject)
     * or of a subject (ordered by scope), a page at a time. Exactly one of
     * scope_id and subject_id must be set.
     * Errors: INVALID_ARGUMENT (ids, page_size, page_token).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.ListMembershipsResponse> listMemberships(
        com.latchkey.scope.v1.ListMembershipsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMembershipsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * CheckPermission tells whether the subject holds the permission in the
     * scope: through a membership in the scope, or in an ancestor it inherits
     * from (up to and including the nearest scope of a DEFINE type), with a
     * role one of whose patterns matches. One database round trip whatever the
     * depth.
     * Errors: INVALID_ARGUMENT (subject_id, scope_id, permission), NOT_FOUND
     * (scope or subject).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.CheckPermissionResponse> checkPermission(
        com.latchkey.scope.v1.CheckPermissionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCheckPermissionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * BatchCheckPermissions runs up to 100 checks and answers them in order.
     * Errors: those of CheckPermission, with fields named `checks[i].…`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.latchkey.scope.v1.BatchCheckPermissionsResponse> batchCheckPermissions(
        com.latchkey.scope.v1.BatchCheckPermissionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBatchCheckPermissionsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_SCOPE_TYPE = 0;
  private static final int METHODID_GET_SCOPE_TYPE = 1;
  private static final int METHODID_LIST_SCOPE_TYPES = 2;
  private static final int METHODID_UPDATE_SCOPE_TYPE = 3;
  private static final int METHODID_DELETE_SCOPE_TYPE = 4;
  private static final int METHODID_CREATE_SCOPE = 5;
  private static final int METHODID_BATCH_CREATE_SCOPES = 6;
  private static final int METHODID_GET_SCOPE = 7;
  private static final int METHODID_LIST_SCOPES = 8;
  private static final int METHODID_UPDATE_SCOPE = 9;
  private static final int METHODID_LIST_SCOPE_ANCESTORS = 10;
  private static final int METHODID_DELETE_SCOPE = 11;
  private static final int METHODID_CREATE_SUBJECT = 12;
  private static final int METHODID_GET_SUBJECT = 13;
  private static final int METHODID_LIST_SUBJECTS = 14;
  private static final int METHODID_DELETE_SUBJECT = 15;
  private static final int METHODID_CREATE_ROLE = 16;
  private static final int METHODID_GET_ROLE = 17;
  private static final int METHODID_LIST_ROLES = 18;
  private static final int METHODID_UPDATE_ROLE = 19;
  private static final int METHODID_DELETE_ROLE = 20;
  private static final int METHODID_CREATE_MEMBERSHIP = 21;
  private static final int METHODID_UPDATE_MEMBERSHIP = 22;
  private static final int METHODID_DELETE_MEMBERSHIP = 23;
  private static final int METHODID_LIST_MEMBERSHIPS = 24;
  private static final int METHODID_CHECK_PERMISSION = 25;
  private static final int METHODID_BATCH_CHECK_PERMISSIONS = 26;
  private static final int METHODID_LIST_SUBJECT_SCOPES = 27;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final ScopeServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(ScopeServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_SCOPE_TYPE:
          serviceImpl.createScopeType((com.latchkey.scope.v1.CreateScopeTypeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateScopeTypeResponse>) responseObserver);
          break;
        case METHODID_GET_SCOPE_TYPE:
          serviceImpl.getScopeType((com.latchkey.scope.v1.GetScopeTypeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetScopeTypeResponse>) responseObserver);
          break;
        case METHODID_LIST_SCOPE_TYPES:
          serviceImpl.listScopeTypes((com.latchkey.scope.v1.ListScopeTypesRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopeTypesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_SCOPE_TYPE:
          serviceImpl.updateScopeType((com.latchkey.scope.v1.UpdateScopeTypeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateScopeTypeResponse>) responseObserver);
          break;
        case METHODID_DELETE_SCOPE_TYPE:
          serviceImpl.deleteScopeType((com.latchkey.scope.v1.DeleteScopeTypeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteScopeTypeResponse>) responseObserver);
          break;
        case METHODID_CREATE_SCOPE:
          serviceImpl.createScope((com.latchkey.scope.v1.CreateScopeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateScopeResponse>) responseObserver);
          break;
        case METHODID_BATCH_CREATE_SCOPES:
          serviceImpl.batchCreateScopes((com.latchkey.scope.v1.BatchCreateScopesRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.BatchCreateScopesResponse>) responseObserver);
          break;
        case METHODID_GET_SCOPE:
          serviceImpl.getScope((com.latchkey.scope.v1.GetScopeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetScopeResponse>) responseObserver);
          break;
        case METHODID_LIST_SCOPES:
          serviceImpl.listScopes((com.latchkey.scope.v1.ListScopesRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_SCOPE:
          serviceImpl.updateScope((com.latchkey.scope.v1.UpdateScopeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateScopeResponse>) responseObserver);
          break;
        case METHODID_LIST_SCOPE_ANCESTORS:
          serviceImpl.listScopeAncestors((com.latchkey.scope.v1.ListScopeAncestorsRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListScopeAncestorsResponse>) responseObserver);
          break;
        case METHODID_DELETE_SCOPE:
          serviceImpl.deleteScope((com.latchkey.scope.v1.DeleteScopeRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteScopeResponse>) responseObserver);
          break;
        case METHODID_CREATE_SUBJECT:
          serviceImpl.createSubject((com.latchkey.scope.v1.CreateSubjectRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateSubjectResponse>) responseObserver);
          break;
        case METHODID_GET_SUBJECT:
          serviceImpl.getSubject((com.latchkey.scope.v1.GetSubjectRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetSubjectResponse>) responseObserver);
          break;
        case METHODID_LIST_SUBJECTS:
          serviceImpl.listSubjects((com.latchkey.scope.v1.ListSubjectsRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListSubjectsResponse>) responseObserver);
          break;
        case METHODID_DELETE_SUBJECT:
          serviceImpl.deleteSubject((com.latchkey.scope.v1.DeleteSubjectRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteSubjectResponse>) responseObserver);
          break;
        case METHODID_CREATE_ROLE:
          serviceImpl.createRole((com.latchkey.scope.v1.CreateRoleRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateRoleResponse>) responseObserver);
          break;
        case METHODID_GET_ROLE:
          serviceImpl.getRole((com.latchkey.scope.v1.GetRoleRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.GetRoleResponse>) responseObserver);
          break;
        case METHODID_LIST_ROLES:
          serviceImpl.listRoles((com.latchkey.scope.v1.ListRolesRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListRolesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_ROLE:
          serviceImpl.updateRole((com.latchkey.scope.v1.UpdateRoleRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateRoleResponse>) responseObserver);
          break;
        case METHODID_DELETE_ROLE:
          serviceImpl.deleteRole((com.latchkey.scope.v1.DeleteRoleRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteRoleResponse>) responseObserver);
          break;
        case METHODID_CREATE_MEMBERSHIP:
          serviceImpl.createMembership((com.latchkey.scope.v1.CreateMembershipRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CreateMembershipResponse>) responseObserver);
          break;
        case METHODID_UPDATE_MEMBERSHIP:
          serviceImpl.updateMembership((com.latchkey.scope.v1.UpdateMembershipRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.UpdateMembershipResponse>) responseObserver);
          break;
        case METHODID_DELETE_MEMBERSHIP:
          serviceImpl.deleteMembership((com.latchkey.scope.v1.DeleteMembershipRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.DeleteMembershipResponse>) responseObserver);
          break;
        case METHODID_LIST_MEMBERSHIPS:
          serviceImpl.listMemberships((com.latchkey.scope.v1.ListMembershipsRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListMembershipsResponse>) responseObserver);
          break;
        case METHODID_CHECK_PERMISSION:
          serviceImpl.checkPermission((com.latchkey.scope.v1.CheckPermissionRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.CheckPermissionResponse>) responseObserver);
          break;
        case METHODID_BATCH_CHECK_PERMISSIONS:
          serviceImpl.batchCheckPermissions((com.latchkey.scope.v1.BatchCheckPermissionsRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.BatchCheckPermissionsResponse>) responseObserver);
          break;
        case METHODID_LIST_SUBJECT_SCOPES:
          serviceImpl.listSubjectScopes((com.latchkey.scope.v1.ListSubjectScopesRequest) request,
              (io.grpc.stub.StreamObserver<com.latchkey.scope.v1.ListSubjectScopesResponse>) responseObserver);
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

  private static abstract class ScopeServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ScopeServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.latchkey.scope.v1.ScopeServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ScopeService");
    }
  }

  private static final class ScopeServiceFileDescriptorSupplier
      extends ScopeServiceBaseDescriptorSupplier {
    ScopeServiceFileDescriptorSupplier() {}
  }

  private static final class ScopeServiceMethodDescriptorSupplier
      extends ScopeServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    ScopeServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (ScopeServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ScopeServiceFileDescriptorSupplier())
              .addMethod(getCreateScopeTypeMethod())
              .addMethod(getGetScopeTypeMethod())
              .addMethod(getListScopeTypesMethod())
              .addMethod(getUpdateScopeTypeMethod())
              .addMethod(getDeleteScopeTypeMethod())
              .addMethod(getCreateScopeMethod())
              .addMethod(getBatchCreateScopesMethod())
              .addMethod(getGetScopeMethod())
              .addMethod(getListScopesMethod())
              .addMethod(getUpdateScopeMethod())
              .addMethod(getListScopeAncestorsMethod())
              .addMethod(getDeleteScopeMethod())
              .addMethod(getCreateSubjectMethod())
              .addMethod(getGetSubjectMethod())
              .addMethod(getListSubjectsMethod())
              .addMethod(getDeleteSubjectMethod())
              .addMethod(getCreateRoleMethod())
              .addMethod(getGetRoleMethod())
              .addMethod(getListRolesMethod())
              .addMethod(getUpdateRoleMethod())
              .addMethod(getDeleteRoleMethod())
              .addMethod(getCreateMembershipMethod())
              .addMethod(getUpdateMembershipMethod())
              .addMethod(getDeleteMembershipMethod())
              .addMethod(getListMembershipsMethod())
              .addMethod(getCheckPermissionMethod())
              .addMethod(getBatchCheckPermissionsMethod())
              .addMethod(getListSubjectScopesMethod())
              .build();
        }
      }
    }
    return result;
  }
}
