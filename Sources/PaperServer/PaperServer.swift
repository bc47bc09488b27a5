import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import Logging
import NIOCore
import PaperCheck
import PaperWorkers

/// `papercheck serve`: the upload page, the JSON API, health and metrics, on Hummingbird. Every
/// upload is checked in a worker process of the `CheckPool`, from a private temporary file that
/// is removed as soon as its check ends; nothing of a PDF is stored or logged.
///
/// Routes: `GET /` (the page), `POST /check` (its form), `POST /v1/check` (the API, a PDF body or
/// multipart), `GET /v1/profiles`, `GET /v1/openapi.json`, `GET /healthz`, `GET /metrics`.
public struct PaperServer: Sendable {
    let configuration: ServerConfiguration

    /// A server that `run` starts with `configuration`.
    public init(configuration: ServerConfiguration) {
        self.configuration = configuration
    }

    /// Serves until SIGINT or SIGTERM, then stops the workers and removes the upload folder.
    public func run() async throws {
        let uploads = try UploadFolder()
        let pool = CheckPool(settings: .init(jobs: configuration.jobs, timeout: configuration.checkTimeout,
                                             maxQueued: configuration.maxQueued,
                                             workerArguments: configuration.workerArguments))
        defer {
            pool.shutdown()
            uploads.remove()
        }
        let metrics = ServerMetrics(pool: pool)
        let checker = UploadChecker(configuration: configuration, pool: pool, uploads: uploads, metrics: metrics)
        let router = Router(context: ServerContext.self)
        router.add(middleware: AccessLog(log: configuration.log))
        router.add(middleware: SecurityHeaders())
        router.add(middleware: KnownRoutes(methods: [
            "/": [.get], "/check": [.post], "/v1/check": [.post], "/v1/profiles": [.get],
            "/v1/openapi.json": [.get], "/healthz": [.get], "/metrics": [.get],
        ]))
        routes(router, checker: checker, metrics: metrics, pool: pool)

        var logger = Logger(label: "papercheck.serve")
        logger.logLevel = .error
        let host = configuration.host
        let onListening = configuration.onListening
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout * 1e9)))),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in onListening(host, channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // On SIGTERM or SIGINT the group stops its services last to first: the pool first, so a
        // check in progress ends at once (503 stopped) instead of holding the app's graceful
        // shutdown until its timeout; then the app, which has nothing left to wait for.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: PoolStopper(pool: pool), successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }

    /// Shuts the pool down when the server is asked to stop.
    private struct PoolStopper: Service {
        let pool: CheckPool
        func run() async throws {
            try? await gracefulShutdown()
            pool.shutdown()
        }
    }

    private func routes(_ router: Router<ServerContext>, checker: UploadChecker, metrics: ServerMetrics, pool: CheckPool) {
        let configuration = configuration
        router.get("/") { _, _ in
            UploadPage.response(profiles: configuration.profiles, maxUploadBytes: configuration.maxUploadBytes,
                                signs: configuration.issuePassCode != nil)
        }
        router.post("/check") { request, context in
            await checker.handle(request, context: context, answer: .page)
        }
        router.post("/v1/check") { request, context in
            await checker.handle(request, context: context, answer: .json)
        }
        router.get("/v1/profiles") { _, _ in
            let profiles = configuration.profiles.enumerated().map { index, profile in
                ProfileEntry(id: profile.id, title: profile.title, isDefault: index == 0, rules: profile.digest)
            }
            return JSONBody.response(.ok, ProfileList(profiles: profiles))
        }
        router.get("/v1/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        router.get("/healthz") { _, _ in
            let load = pool.load
            let healthy = load.workers > 0
            return JSONBody.response(healthy ? .ok : .serviceUnavailable,
                                     Health(status: healthy ? "ok" : "no-workers", workers: load.workers, busy: load.busy,
                                            queued: load.queued, maxQueued: configuration.maxQueued,
                                            version: PaperCheck.version))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }

    struct ProfileEntry: Encodable {
        var id: String
        var title: String
        var isDefault: Bool
        var rules: String

        enum CodingKeys: String, CodingKey {
            case id, title, rules
            case isDefault = "default"
        }
    }

    struct ProfileList: Encodable { var profiles: [ProfileEntry] }

    struct Health: Encodable {
        var status: String
        var workers: Int
        var busy: Int
        var queued: Int
        var maxQueued: Int
        var version: String
    }
}

/// The request context: Hummingbird's, plus the connected peer's address for the rate limit.
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// JSON responses: sorted keys, no escaped slashes, a final newline.
enum JSONBody {
    static func response(_ status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A private folder (mode 0700) for the uploads being checked: in memory (`/dev/shm`) where
/// the system has it. Each upload's file is removed when its check ends, the folder at exit.
final class UploadFolder: Sendable {
    let path: String

    init() throws {
        let shm = "/dev/shm"
        let parent = access(shm, W_OK | X_OK) == 0 ? shm : NSTemporaryDirectory()
        var template = Array((URL(fileURLWithPath: parent).appendingPathComponent("papercheck-serve-\(getpid())-XXXXXX").path).utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ServerError("cannot make a private folder for uploads in \(parent): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    /// A new file name in the folder for one upload.
    func file(_ id: String, suffix: String) -> String { path + "/" + id + suffix }

    /// Writes `bytes` to a new file only this user can read.
    func write(_ bytes: ByteBuffer, to file: String) throws {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ServerError("cannot write an upload: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = bytes.readerIndex
        while offset < bytes.writerIndex {
            let written = bytes.withUnsafeReadableBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + (offset - bytes.readerIndex), bytes.writerIndex - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ServerError("cannot write an upload: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// What stops the server from starting, in words.
public struct ServerError: Error, CustomStringConvertible {
    /// One line saying what went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
