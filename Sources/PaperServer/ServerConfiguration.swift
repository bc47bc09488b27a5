import Foundation
import PaperCheck

/// Signs a pass code for a checked upload (pass or warn), or nil for none. The `serve` command
/// builds it from `--signing-key`; the server knows nothing of keys.
public typealias PassCodeIssuer = @Sendable (_ report: FileReport, _ profile: Profile) -> String?

/// Everything `papercheck serve` was told: where to listen, which profiles, the limits.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the port listened on is passed to `onListening`.
    public var port = 8080
    /// Worker processes checking uploads side by side.
    public var jobs = 2
    /// Uploads that may wait for a worker; more get 503 with Retry-After.
    public var maxQueued = 32
    /// The largest upload accepted, in bytes (`--max-upload-mb`).
    public var maxUploadBytes = 20 << 20
    /// Seconds one check may take in its worker.
    public var checkTimeout: TimeInterval = 60
    /// Seconds a connection may stay idle (a stalled upload is cut off).
    public var idleTimeout: TimeInterval = 30
    /// Seconds a whole upload may take to arrive (408 after).
    public var uploadTimeout: TimeInterval = 120
    /// Checks per minute per client address; 0 for no limit.
    public var checksPerMinute = 30
    /// Take the client address from the last `X-Forwarded-For` entry (behind a reverse proxy).
    public var trustForwardedFor = false
    /// The profiles uploads may choose, the default first.
    public var profiles: [Profile]
    /// The `schemaVersion` of the rules the profiles came from, for the reports.
    public var rulesSchemaVersion: Int
    /// `papercheck worker` arguments: the rules file, the memory cap.
    public var workerArguments: [String]
    /// Signs pass codes (`--signing-key`); nil for none.
    public var issuePassCode: PassCodeIssuer?
    /// Called once the server listens, with the address and the port.
    public var onListening: @Sendable (_ host: String, _ port: Int) -> Void = { _, _ in }
    /// One line per request, already formatted (JSON); stderr by default.
    public var log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// The defaults above, with the profiles (the default first) and the workers' arguments.
    public init(profiles: [Profile], rulesSchemaVersion: Int, workerArguments: [String]) {
        self.profiles = profiles
        self.rulesSchemaVersion = rulesSchemaVersion
        self.workerArguments = workerArguments
    }

    var defaultProfile: Profile { profiles[0] }

    func profile(_ id: String?) -> Profile? {
        guard let id, !id.isEmpty else { return defaultProfile }
        return profiles.first { $0.id == id }
    }
}
