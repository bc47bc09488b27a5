import ArgumentParser
import Foundation
import PaperCheck
import PaperServer

/// `papercheck serve`: configures and starts `PaperServer` (the upload page and the JSON API).
/// Everything it can refuse (bad rules, an unknown profile, an unusable key, a taken port) is
/// refused here in one line, before the server says it listens.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the upload page and the JSON API (POST /v1/check) on HTTP.",
        discussion: """
        Uploads are checked in worker processes, one at a time each, with the timeout and memory cap \
        of batch runs; the PDF is held in a private temporary file only while it is checked. Logs are one \
        JSON line per request on standard error, without file names. Put it behind a reverse proxy for TLS.
        """
    )

    @Option(name: .long, help: "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one (the line on standard error says which).")
    var port: Int = 8080

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .customLong("allow"), help: "A profile uploads may choose (repeat for several; default: every profile of the rules). The --profile (or the rules' default) comes first.")
    var allowed: [String] = []

    @Option(name: .shortAndLong, help: "Worker processes checking uploads side by side.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("max-upload-mb"), help: "The largest upload accepted, in megabytes (larger: 413).")
    var maxUploadMB: Int = 20

    @Option(name: .customLong("max-queue"), help: "Uploads that may wait for a worker; more get 503 with Retry-After.")
    var maxQueue: Int = 32

    @Option(name: .customLong("rate-limit"), help: "Checks per minute per client address (0: no limit; more: 429 with Retry-After).")
    var rateLimit: Int = 30

    @Flag(name: .customLong("trust-forwarded-for"), help: "Take the client address from the last X-Forwarded-For entry (only behind a reverse proxy that sets it).")
    var trustForwardedFor = false

    @Option(name: .long, help: "Seconds one check may take before its worker is stopped (the upload gets 422, code timeout).")
    var timeout: Double = 60

    @Option(name: .customLong("upload-timeout"), help: "Seconds a whole upload may take to arrive (slower: 408); a connection idle for 30 s is closed.")
    var uploadTimeout: Double = 120

    @Option(name: .customLong("max-memory"), help: "Address-space limit per worker, in megabytes.")
    var maxMemory: Int = 1024

    @Option(name: .customLong("signing-key"), help: "An Ed25519 private key (papercheck keygen): pass and warn results get a signed pass code.",
            completion: .file())
    var signingKey: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be 1 to 64") }
        guard (1...1024).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb must be 1 to 1024") }
        guard (0...10_000).contains(maxQueue) else { throw ValidationError("--max-queue must be 0 to 10000") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 or more") }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds") }
        guard uploadTimeout >= 1, uploadTimeout <= 3600 else { throw ValidationError("--upload-timeout must be 1 to 3600 seconds") }
        guard maxMemory >= 256, maxMemory <= MemoryLimit.maximumMegabytes else { throw ValidationError("--max-memory must be at least 256") }
    }

    func run() throws {
        let (ruleSet, first) = try ruleOptions.loadProfile()
        var profiles = [first]
        for id in allowed where id != first.id {
            guard let profile = ruleSet.profile(id) else {
                Terminal.error("--allow \(id): no such profile; known profiles: \(ruleSet.profiles.map(\.id).joined(separator: ", "))")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            profiles.append(profile)
        }
        if allowed.isEmpty { profiles += ruleSet.profiles.filter { $0.id != first.id } }

        var configuration = ServerConfiguration(profiles: profiles, rulesSchemaVersion: ruleSet.schemaVersion,
                                                workerArguments: workerArguments)
        configuration.host = host
        configuration.port = port
        configuration.jobs = jobs
        configuration.maxQueued = maxQueue
        configuration.maxUploadBytes = maxUploadMB << 20
        configuration.checkTimeout = timeout
        configuration.uploadTimeout = uploadTimeout
        configuration.checksPerMinute = rateLimit
        configuration.trustForwardedFor = trustForwardedFor
        if let signingKey { configuration.issuePassCode = try PassCodeIssuing.issuer(keyFile: signingKey) }
        let signing = signingKey != nil
        let ids = profiles.map(\.id).joined(separator: ", ")
        configuration.onListening = { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardError.write(Data(
                "papercheck serve: listening on http://\(shown):\(port) (profiles: \(ids)); \(signing ? "pass codes signed" : "no pass codes"))\n".utf8))
        }

        let server = PaperServer(configuration: configuration)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task.detached {
            do { try await server.run() } catch { failure = error }
            done.signal()
        }
        done.wait()
        if let failure {
            Terminal.error("serve on \(host):\(port): \(Self.describe(failure))")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    /// The worker arguments of `check`: the rules file and the memory cap.
    private var workerArguments: [String] {
        var arguments: [String] = []
        if let profile = ruleOptions.profile { arguments += ["--profile", profile] }
        if let rules = ruleOptions.rules { arguments += ["--rules", URL(fileURLWithPath: rules).path] }
        arguments += ["--max-memory", String(maxMemory)]
        return arguments
    }

    /// A bind failure in words ("address already in use"), not an NIO type dump.
    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("EADDRINUSE") {
            return "the port is taken: stop what uses it or choose another --port"
        }
        if text.contains("Cannot assign requested address") || text.contains("EADDRNOTAVAIL") {
            return "this machine has no such address: use 127.0.0.1, 0.0.0.0 or one of its own addresses"
        }
        if text.contains("Permission denied") || text.contains("EACCES") {
            return "not allowed to listen there: ports below 1024 need privileges; choose a higher --port"
        }
        return text
    }
}
