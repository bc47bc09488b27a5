import ArgumentParser
import Foundation
import PaperCheck

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check PDF files (the default command)."
    )

    @Argument(help: "PDF files, or directories searched recursively for *.pdf.", completion: .file(extensions: ["pdf"]))
    var paths: [String]

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: "Output format: human or json.")
    var format: ReportFormat = .human

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Password for encrypted PDFs.")
    var password: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error or warning.")
    var failOn: FailOn = .error

    @Flag(name: .shortAndLong, help: "Print nothing for files that pass; only verdicts and findings of the others.")
    var quiet = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one PDF file or directory") }
    }

    func run() throws {
        let (ruleSet, profile) = try ruleOptions.loadProfile()
        let files = InputFiles.expand(paths)
        let reports = files.map { PaperCheck.check(path: $0, profile: profile, password: password) }
        let shown = quiet ? reports.filter { $0.status != .pass } : reports
        let report = Report(toolVersion: PaperCheck.version, profile: profile,
                            rulesSchemaVersion: ruleSet.schemaVersion, files: format == .human ? shown : reports)
        if !(quiet && format == .human && shown.isEmpty) {
            let colors = format == .human && output == nil && Terminal.stdoutWantsColor
            try Terminal.write(format.renderer(colors: colors).render(report), to: output)
        }
        let status = ExitStatus.of(reports, failOn: failOn)
        if status != .allPassed { throw ExitCode(status.rawValue) }
    }
}

/// Turns the command line's paths into the files to check: directories are searched recursively
/// for `*.pdf` (any case); anything else is kept as given, so a missing file gets its own error.
enum InputFiles {
    static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return [path]
            }
            let base = URL(fileURLWithPath: path)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
            return walker.compactMap { $0 as? URL }
                .filter { $0.pathExtension.lowercased() == "pdf" }
                .map { path.hasSuffix("/") ? path + $0.path.dropFirst(base.path.count + 1) : path + "/" + $0.path.dropFirst(base.path.count + 1) }
                .sorted()
        }
    }
}
