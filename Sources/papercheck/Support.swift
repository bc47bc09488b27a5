import ArgumentParser
import Foundation
import PaperCheck

enum PaperCheckVersion {
    static let text = PaperCheck.version
}

/// The exit codes of DESIGN.md: the highest one that applies wins.
enum ExitStatus: Int32 {
    case allPassed = 0
    case ruleFailed = 1
    case notCheckable = 2
    case usage = 64
    /// A report could not be written: standard output closed early or a full disk.
    case outputFailed = 74
    case interrupted = 130
    case terminated = 143

    static func of(_ files: [FileReport], failOn: FailOn) -> ExitStatus {
        if files.contains(where: \.isUnchecked) { return .notCheckable }
        if files.contains(where: { $0.status == .fail }) { return .ruleFailed }
        if failOn == .warning, files.contains(where: { $0.status == .warn }) { return .ruleFailed }
        return .allPassed
    }
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error
    case warning
}

extension ReportFormat: ExpressibleByArgument {}

/// Options shared by the commands that need a rule set.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: "Profile id from the rules file (default: the file's default, vdl2016 for the built-in rules).")
    var profile: String?

    @Option(name: .long, help: "A rules.json over the built-in one: its profiles come first, may extend a built-in profile by id, and replace a built-in profile whose id they take.", completion: .file(extensions: ["json"]))
    var rules: String?

    /// Loads the rules, or prints one line naming the problem and exits 64.
    func loadRuleSet() throws -> RuleSet {
        do throws(RuleSetError) {
            if let rules { return try RuleSet.load(path: rules) }
            return try RuleSet.builtIn()
        } catch {
            Terminal.error(error.description)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    /// The rules and the profile chosen, or prints one line naming the problem and exits 64.
    /// `alone`: the caller uses no other profile, and without a rules file only this one is
    /// decoded (the built-in rules are tested whole); a profile they lack is reported from the
    /// whole set below.
    func loadProfile(alone: Bool = false) throws -> (RuleSet, Profile) {
        if alone, rules == nil, let ruleSet = RuleSet.builtIn(only: profile), let chosen = ruleSet.profile(profile) {
            return (ruleSet, chosen)
        }
        let ruleSet = try loadRuleSet()
        guard let profile = ruleSet.profile(profile) else {
            let known = ruleSet.profiles.map(\.id).joined(separator: ", ")
            Terminal.error("no profile '\(profile ?? "")' in \(rules.map { "\($0) or the built-in rules" } ?? "the built-in rules"); known profiles: \(known)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        return (ruleSet, profile)
    }
}

enum Terminal {
    /// One line on stderr; names and text from PDFs in it are shown with their controls escaped.
    static func error(_ message: String) {
        _ = writeAll(Data(("papercheck: error: " + TerminalText.escaped(message) + "\n").utf8), to: STDERR_FILENO)
    }

    static func warning(_ message: String) {
        _ = writeAll(Data(("papercheck: warning: " + TerminalText.escaped(message) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Writes all of `data`, retrying short writes; the reason in words when it cannot (a closed
    /// pipe, a full disk), nil when it could. SIGPIPE is ignored, so a closed pipe is EPIPE here.
    static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
        signal(SIGPIPE, SIG_IGN)
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno == EPIPE ? "the reader closed its end (a pipe into `head`?)" : String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stdoutWantsColor: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// Writes a report to standard output; a failure is one line and exit 74.
    static func writeStandardOutput(_ text: String) throws {
        if let problem = writeAll(Data(text.utf8), to: STDOUT_FILENO) {
            error("cannot write the report to standard output: \(problem)")
            throw ExitCode(ExitStatus.outputFailed.rawValue)
        }
    }
}
