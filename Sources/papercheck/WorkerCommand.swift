import ArgumentParser
import Foundation
import PaperCheck

/// The hidden worker a batch coordinator starts: reads one JSON request per line on stdin
/// (`{"index": 3, "path": "a.pdf"}`), checks the file, answers one JSON line on stdout. A crash
/// or hang here costs only the file at hand; the coordinator replaces the worker.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Check files named on standard input (used by batch runs).",
        shouldDisplay: false
    )

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long) var password: String?

    @Option(name: .customLong("max-memory"), help: "Address-space limit in megabytes.")
    var maxMemory: Int?

    struct Request: Codable {
        var index: Int
        var path: String
    }

    struct Answer: Codable {
        var index: Int
        var report: FileReport
    }

    /// Test-only fault injection: `crash:NAME` aborts and `hang:NAME` sleeps when a file's name is NAME.
    static let faultVariable = "PAPERCHECK_TEST_FAULT"

    func run() throws {
        let (_, profile) = try ruleOptions.loadProfile()
        if let maxMemory { MemoryLimit.apply(megabytes: maxMemory) }
        let fault = ProcessInfo.processInfo.environment[Self.faultVariable].flatMap(Fault.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = readLine(strippingNewline: true) {
            guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else { continue }
            fault?.trigger(for: request.path)
            let report = PaperCheck.check(path: request.path, profile: profile, password: password)
            var data = try encoder.encode(Answer(index: request.index, report: report))
            data.append(UInt8(ascii: "\n"))
            FileHandle.standardOutput.write(data)
        }
    }

    struct Fault {
        let action: String
        let fileName: String

        init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["crash", "hang"].contains(parts[0]) else { return nil }
            action = parts[0]
            fileName = parts[1]
        }

        func trigger(for path: String) {
            guard URL(fileURLWithPath: path).lastPathComponent == fileName else { return }
            if action == "crash" { abort() }
            while true { sleep(60) }
        }
    }
}

enum MemoryLimit {
    static func apply(megabytes: Int) {
        let bytes = rlim_t(megabytes) * 1024 * 1024
        var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
        #if os(Linux)
        setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        #else
        setrlimit(RLIMIT_AS, &limit)
        #endif
    }
}
