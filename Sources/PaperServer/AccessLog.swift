import Foundation
import HTTPTypes
import Hummingbird

/// One JSON line per request: time, request id, method, path (without the query), status, the
/// upload's size, the checked file's status, the duration. Never a file name or PDF content.
/// The id is also sent back as `X-Request-Id`, so a user's report of a problem can be found.
struct AccessLog<Context: RequestContext>: RouterMiddleware {
    let log: @Sendable (String) -> Void

    struct Line: Encodable {
        var time: String
        var id: String
        var method: String
        var path: String
        var status: Int
        var bytes: Int?
        var result: String?
        var ms: Int
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let id = String(UUID().uuidString.prefix(8)).lowercased()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[HTTPField.Name("X-Request-Id")!] = id
        let elapsed = ContinuousClock.now - started
        let line = Line(time: ISO8601DateFormatter().string(from: Date()), id: id, method: request.method.rawValue,
                        path: String(request.uri.path.prefix(200)), status: response.status.code,
                        bytes: request.headers[.contentLength].flatMap(Int.init),
                        result: response.headers[HTTPField.Name("Papercheck-Status")!],
                        ms: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(line) { log(String(decoding: data, as: UTF8.self)) }
        return response
    }
}

/// Headers every answer carries: no sniffing of types, no framing, no referrer, no caching
/// (a report is about someone's paper).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("Cache-Control")!] = "no-store"
        return response
    }
}

/// The server's paths and their methods: a known path asked with another method is 405 with
/// `Allow`, an unknown path 404; both as the JSON error every refusal uses, not an empty body.
struct KnownRoutes<Context: RequestContext>: RouterMiddleware {
    let methods: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let allowed = methods[request.uri.path] else {
            return UploadProblem(.notFound, "not-found", "no such page: the upload page is /, the API /v1/check (see /v1/openapi.json)")
                .response(.json, retryAfter: nil)
        }
        guard allowed.contains(request.method) else {
            var response = UploadProblem(.methodNotAllowed, "method-not-allowed",
                                         "\(request.uri.path) answers \(allowed.map(\.rawValue).joined(separator: " and ")) only")
                .response(.json, retryAfter: nil)
            response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            return response
        }
        return try await next(request, context)
    }
}
