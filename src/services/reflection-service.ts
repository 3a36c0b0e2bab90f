import { create, createRegistry, type DescFile, type DescService, type Registry, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import * as v1 from "../../gen/ts/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "../../gen/ts/grpc/reflection/v1alpha/reflection_pb.js";

/** The request cases both reflection versions share. */
type ReflectionQuery = v1.ServerReflectionRequest["messageRequest"] | v1alpha.ServerReflectionRequest["messageRequest"];

/** What a reflection answer holds, before it is put in either version's message. */
type ReflectionAnswer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "listServicesResponse"; value: { service: { name: string }[] } }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

const NOT_FOUND = 5;
const UNIMPLEMENTED = 12;

/** withDependencies lists a file and everything it imports, each once, dependencies first. */
function withDependencies(file: DescFile, seen = new Set<string>()): DescFile[] {
  if (seen.has(file.proto.name)) return [];
  seen.add(file.proto.name);
  return [...file.dependencies.flatMap((dependency) => withDependencies(dependency, seen)), file];
}

/**
 * Reflection answers gRPC server reflection queries about a fixed set of
 * services from their generated descriptors, so tools such as `buf curl` work
 * without proto files.
 */
class Reflection {
  readonly #registry: Registry;
  /** Files by their proto name (`latchkey/machine/v1/machine.proto`). */
  readonly #files: Map<string, DescFile>;
  readonly #serviceNames: string[];

  constructor(services: DescService[]) {
    const seen = new Set<string>();
    const files = services.flatMap((service) => withDependencies(service.file, seen));
    this.#registry = createRegistry(...files);
    this.#files = new Map(files.map((file) => [file.proto.name, file]));
    this.#serviceNames = services.map((service) => service.typeName);
  }

  answer(query: ReflectionQuery): ReflectionAnswer {
    switch (query.case) {
      case "listServices":
        return { case: "listServicesResponse", value: { service: this.#serviceNames.map((name) => ({ name })) } };
      case "fileByFilename": {
        const file = this.#files.get(query.value);
        return file ? this.#fileAnswer(file) : notFound(`file ${query.value}`);
      }
      case "fileContainingSymbol": {
        const file = this.#fileOfSymbol(query.value);
        return file ? this.#fileAnswer(file) : notFound(`symbol ${query.value}`);
      }
      case "fileContainingExtension":
      case "allExtensionNumbersOfType":
        return notFound("extensions are not used by these services");
      default:
        return { case: "errorResponse", value: { errorCode: UNIMPLEMENTED, errorMessage: "unknown request" } };
    }
  }

  #fileOfSymbol(symbol: string): DescFile | undefined {
    const found = this.#registry.get(symbol);
    if (found !== undefined && "file" in found) return found.file;
    // A method (pkg.Service.Method) or a field or enum value: look up its parent.
    const parent = this.#registry.get(symbol.slice(0, symbol.lastIndexOf(".")));
    return parent !== undefined && "file" in parent ? parent.file : undefined;
  }

  #fileAnswer(file: DescFile): ReflectionAnswer {
    return {
      case: "fileDescriptorResponse",
      value: { fileDescriptorProto: withDependencies(file).map((f) => toBinary(FileDescriptorProtoSchema, f.proto)) },
    };
  }
}

function notFound(what: string): ReflectionAnswer {
  return { case: "errorResponse", value: { errorCode: NOT_FOUND, errorMessage: `${what} not found` } };
}

/**
 * createReflectionServices implements grpc.reflection.v1 and v1alpha (the
 * older one is what many tools still ask first) for `services`.
 */
export function createReflectionServices(services: DescService[]): {
  v1: ServiceImpl<typeof v1.ServerReflection>;
  v1alpha: ServiceImpl<typeof v1alpha.ServerReflection>;
} {
  const reflection = new Reflection(services);
  return {
    v1: {
      async *serverReflectionInfo(requests) {
        for await (const request of requests) {
          yield create(v1.ServerReflectionResponseSchema, {
            validHost: request.host,
            originalRequest: request,
            messageResponse: reflection.answer(request.messageRequest),
          });
        }
      },
    },
    v1alpha: {
      async *serverReflectionInfo(requests) {
        for await (const request of requests) {
          yield create(v1alpha.ServerReflectionResponseSchema, {
            validHost: request.host,
            originalRequest: request,
            messageResponse: reflection.answer(request.messageRequest),
          });
        }
      },
    },
  };
}
