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

    static func of(_ files: [FileReport], failOn: FailOn) -> ExitStatus {
        if files.contains(where: { $0.status == .error }) { return .notCheckable }
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

    @Option(name: .long, help: "A rules.json to use instead of the built-in one.", completion: .file(extensions: ["json"]))
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

    func loadProfile() throws -> (RuleSet, Profile) {
        let ruleSet = try loadRuleSet()
        guard let profile = ruleSet.profile(profile) else {
            let known = ruleSet.profiles.map(\.id).joined(separator: ", ")
            Terminal.error("no profile '\(profile ?? "")' in \(rules ?? "the built-in rules"); known profiles: \(known)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        return (ruleSet, profile)
    }
}

enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("papercheck: error: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("papercheck: warning: " + message + "\n").utf8))
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stdoutWantsColor: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// Writes the report to a file atomically (a temporary file renamed into place) or to stdout.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            Terminal.error("\(path): cannot write the report (\(error.localizedDescription)); check the folder exists and is writable")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}
