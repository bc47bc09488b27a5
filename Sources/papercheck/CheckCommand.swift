import ArgumentParser
import Foundation
import PaperCheck

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check PDF files (the default command)."
    )

    @Argument(help: "PDF files, directories (searched recursively for *.pdf), or - to read paths from stdin.",
              completion: .file(extensions: ["pdf"]))
    var paths: [String]

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: "Output format: human, json, jsonl (one line per file, streamed), csv, junit, sarif, github or html (one self-contained file with page thumbnails).")
    var format: ReportFormat = .human

    @Option(name: .long, help: "Write the report to this file (atomically; jsonl is appended as results arrive).")
    var output: String?

    @Option(name: .long, help: "Password for encrypted PDFs.")
    var password: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error or warning.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Worker processes for more than one file (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Seconds one file may take before its worker is stopped and the file reported as an error.")
    var timeout: Double = 60

    @Option(name: .customLong("max-memory"), help: "Address-space limit per worker, in megabytes.")
    var maxMemory: Int?

    @Option(name: .long, help: "Write PNG images of pages with located findings, boxes drawn and labelled, to this folder.",
            completion: .directory)
    var annotate: String?

    @Option(name: .long, help: "A waivers file (JSON): accepted deviations, kept in the report but not counted for the exit code.",
            completion: .file(extensions: ["json"]))
    var waivers: String?

    @Option(name: .long, help: "A JSONL report of an earlier run: files in it with the same sha256 are not checked again.")
    var resume: String?

    @Option(name: .long, help: "Check only shard K of N (e.g. 2/8): a deterministic split by path, for job arrays.")
    var shard: Shard?

    @Flag(name: .shortAndLong, help: "Print nothing for files that pass, and no progress or summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "List every finding, and every place a folded finding stands for (human format).")
    var verbose = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one PDF file, directory or -") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if let maxMemory, maxMemory < 256 { throw ValidationError("--max-memory is in megabytes and must be at least 256") }
    }

    func run() throws {
        // One argument is usually one file, checked in this process: its language profiles are then
        // built on an idle core while the rules load and page 1 is read.
        if paths.count == 1 { DocumentAnalyzer.prepareInBackground() }
        let (ruleSet, profile) = try ruleOptions.loadProfile()
        let waiverSet = try loadWaivers()
        let inputs = InputFiles.collect(paths)
        for warning in inputs.warnings { Terminal.warning(warning) }
        var files = inputs.files
        // Nothing to check is a mistake (a wrong folder would otherwise pass silently); an empty
        // shard of a real list is not.
        if files.isEmpty, !inputs.onlyStandardInput {
            Terminal.error("no PDF files found in \(paths.joined(separator: ", ")); give PDF files or folders that hold them")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        if let shard { files = files.filter(shard.contains) }
        let images = try annotate.map { try ImageFolder(path: $0) }
        let thumbnails = format == .html ? try ImageFolder(temporary: ()) : nil
        defer { thumbnails?.remove() }
        let run = BatchRun(files: files, profile: profile, command: self, waivers: waiverSet, images: images, thumbnails: thumbnails)
        let reports = try run.execute()
        // A waiver that matched nothing is likely stale or mistyped: say so once for the run.
        let notices = waiverSet?.unmatched(after: reports).map { $0.unmatchedNotice() } ?? []
        let visible = quiet && format == .human ? reports.filter { $0.status != .pass } : reports
        let report = Report(toolVersion: PaperCheck.version, profile: profile,
                            rulesSchemaVersion: ruleSet.schemaVersion, files: visible, notices: notices)
        if format == .jsonl {
            for notice in notices { Terminal.warning(notice.message) }
        } else if !(quiet && format == .human && visible.isEmpty && notices.isEmpty) {
            let colors = format == .human && output == nil && Terminal.stdoutWantsColor
            let renderer = format == .html
                ? HTMLReportRenderer(profile: profile, images: thumbnails.map { run.thumbnailImages(in: $0) } ?? [:],
                                     maxImagesPerFile: PageImages.maxThumbnailsPerFile)
                : format.renderer(profile: profile, colors: colors, verbose: verbose)
            try Terminal.write(renderer.render(report), to: output)
        }
        if files.count > 1, !quiet, format != .human || output != nil {
            FileHandle.standardError.write(Data(BatchSummary.text(reports).utf8))
        }
        if run.interrupted { throw ExitCode(130) }
        var status = ExitStatus.of(reports, failOn: failOn)
        if status == .allPassed, failOn == .warning, !notices.isEmpty { status = .ruleFailed }
        if status != .allPassed { throw ExitCode(status.rawValue) }
    }

    private func loadWaivers() throws -> WaiverSet? {
        guard let waivers else { return nil }
        do {
            return try WaiverSet.load(path: waivers)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    /// Arguments a worker needs to check files exactly as this command would.
    var workerArguments: [String] {
        var arguments: [String] = []
        if let profile = ruleOptions.profile { arguments += ["--profile", profile] }
        if let rules = ruleOptions.rules { arguments += ["--rules", URL(fileURLWithPath: rules).path] }
        if let password { arguments += ["--password", password] }
        if let maxMemory { arguments += ["--max-memory", String(maxMemory)] }
        return arguments
    }
}

/// One `check` run over its files: resumed results, in-process or worker checks, streamed JSONL,
/// sha256 and duplicates, progress. Results come back in input order.
final class BatchRun {
    let files: [String]
    let profile: Profile
    let command: CheckCommand
    let waivers: WaiverSet?
    let images: ImageFolder?
    let thumbnails: ImageFolder?
    private(set) var interrupted = false

    init(files: [String], profile: Profile, command: CheckCommand, waivers: WaiverSet?, images: ImageFolder?,
         thumbnails: ImageFolder?) {
        self.files = files
        self.profile = profile
        self.command = command
        self.waivers = waivers
        self.images = images
        self.thumbnails = thumbnails
    }

    /// The HTML thumbnails the workers wrote, by input path and page.
    func thumbnailImages(in folder: ImageFolder) -> [String: [Int: Data]] {
        var pathByPrefix: [String: String] = [:]
        for path in files {
            let template = PageImages.template(for: path, among: files, in: folder.path)
            pathByPrefix[template.components(separatedBy: "{page}")[0]] = path
        }
        var found: [String: [Int: Data]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            // `stem_p3.png`: the stem names the input, the number the page.
            guard let marker = name.range(of: "_p", options: .backwards), name.hasSuffix(".png"),
                  let page = Int(name[marker.upperBound...].dropLast(4)) else { continue }
            let file = URL(fileURLWithPath: folder.path).appendingPathComponent(name).path
            let prefix = String(file.dropLast(name.count - name.distance(from: name.startIndex, to: marker.upperBound)))
            guard let path = pathByPrefix[prefix], let data = FileManager.default.contents(atPath: file) else { continue }
            found[path, default: [:]][page] = data
        }
        return found
    }

    func execute() throws -> [FileReport] {
        // Resuming needs the digests before dispatch; otherwise the workers hash their own files.
        let digests = command.resume == nil ? [String?](repeating: nil, count: files.count) : files.map { PaperCheck.sha256(path: $0) }
        var results = [FileReport?](repeating: nil, count: files.count)
        let stream = try JSONLStream(format: command.format, output: command.output, resume: command.resume)
        // Resumed: same path and same bytes as a result already in the JSONL file.
        let earlier = command.resume.map(ResumeLog.load) ?? [:]
        for (index, path) in files.enumerated() {
            if let digest = digests[index], var previous = earlier[path], previous.sha256 == digest {
                if let waivers { previous = waivers.apply(to: previous) }
                results[index] = previous
                if !stream.appendsToResumeFile { stream.write(previous, profile: profile.id) }
            }
        }
        let todo = files.indices.filter { results[$0] == nil }
        let templates = files.map { path in images.map { PageImages.template(for: path, among: files, in: $0.path) } }
        let thumbnailTemplates = files.map { path in thumbnails.map { PageImages.template(for: path, among: files, in: $0.path) } }
        let progress = ProgressBar(total: todo.count)
        var failed = 0
        var checked = 0
        let record: (Int, FileReport) -> Void = { index, report in
            var report = self.waivers?.apply(to: report) ?? report
            report.sha256 = report.sha256 ?? digests[index]
            results[index] = report
            stream.write(report, profile: self.profile.id)
            checked += 1
            if report.status == .fail || report.status == .error { failed += 1 }
            progress.update(done: checked, failed: failed)
        }
        if files.count == 1, todo.count == 1, let index = todo.first {
            // One file needs no isolation from others: check it here, without a worker.
            let path = files[index]
            // The digest is taken on the side while the pages are read.
            let digest = BackgroundValue { PaperCheck.sha256(path: path) }
            var report = PaperCheck.check(path: path, profile: profile, password: command.password,
                                          threads: PaperCheck.readerThreads)
            report.sha256 = digest.value
            report = PageImages.write(for: report, profile: profile, password: command.password,
                                      images: templates[index], thumbnails: thumbnailTemplates[index])
            record(index, report)
        } else if !todo.isEmpty {
            let settings = BatchCoordinator.Settings(jobs: command.jobs, timeout: command.timeout,
                                                     workerArguments: command.workerArguments, imageTemplates: templates,
                                                     thumbnailTemplates: thumbnailTemplates)
            // Largest files first, so one long document does not finish alone at the end of the run.
            let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
            let largestFirst = todo.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
            let coordinator = BatchCoordinator(paths: files, indices: largestFirst, settings: settings, onResult: record)
            coordinator.run()
            interrupted = coordinator.interrupted
        }
        progress.clear()
        try stream.close()
        // The same bytes twice is worth knowing when screening submissions.
        var firstWithDigest: [String: String] = [:]
        return results.enumerated().compactMap { index, report in
            guard var report else { return nil }
            if let digest = report.sha256 {
                if let first = firstWithDigest[digest] { report.duplicateOf = first } else { firstWithDigest[digest] = files[index] }
            }
            return report
        }
    }
}

/// Streams `--format jsonl` lines as results arrive: to stdout, or appended to `--output`.
final class JSONLStream {
    private let handle: FileHandle?
    private let renderer = JSONLinesReportRenderer()
    /// When the output is the resume file itself, resumed lines are already there.
    let appendsToResumeFile: Bool

    init(format: ReportFormat, output: String?, resume: String?) throws {
        guard format == .jsonl else {
            handle = nil
            appendsToResumeFile = false
            return
        }
        guard let output else {
            handle = FileHandle.standardOutput
            appendsToResumeFile = false
            return
        }
        let sameAsResume = resume.map { URL(fileURLWithPath: $0).standardizedFileURL == URL(fileURLWithPath: output).standardizedFileURL } ?? false
        if !sameAsResume || !FileManager.default.fileExists(atPath: output) {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                Terminal.error("\(output): cannot create the report file; check the folder exists and is writable")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        guard let handle = FileHandle(forWritingAtPath: output) else {
            Terminal.error("\(output): cannot open the report file for writing")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        handle.seekToEndOfFile()
        self.handle = handle
        appendsToResumeFile = sameAsResume
    }

    func write(_ report: FileReport, profile: String) {
        handle?.write(Data(renderer.line(for: report, profile: profile).utf8))
    }

    func close() throws {
        if let handle, handle !== FileHandle.standardOutput { try handle.close() }
    }
}

/// Results of an earlier run, by path, from its JSONL report.
enum ResumeLog {
    static func load(_ path: String) -> [String: FileReport] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var byPath: [String: FileReport] = [:]
        for report in JSONLinesReportRenderer.parse(text) where report.sha256 != nil { byPath[report.path] = report }
        return byPath
    }
}

/// The end-of-batch summary on stderr: counts per status and the rules that failed most files.
enum BatchSummary {
    static func text(_ reports: [FileReport]) -> String {
        var counts: [FileStatus: Int] = [:]
        for report in reports { counts[report.status, default: 0] += 1 }
        var failingFiles: [String: Int] = [:]
        for report in reports {
            for rule in Set(report.findings.filter { $0.severity == .error }.map(\.ruleId)) { failingFiles[rule, default: 0] += 1 }
        }
        let duplicates = reports.filter { $0.duplicateOf != nil }.count
        var lines = ["\(reports.count) files: " + FileStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            + (duplicates > 0 ? "; \(duplicates) duplicate\(duplicates == 1 ? "" : "s") (same sha256)" : "")]
        let top = failingFiles.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        if !top.isEmpty {
            lines.append("most frequent errors: " + top.map { "\($0.key) (\($0.value) file\($0.value == 1 ? "" : "s"))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A folder for page images: the `--annotate` folder, or a temporary one for the HTML report's
/// thumbnails that is removed once they are embedded.
final class ImageFolder {
    let path: String

    init(path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            Terminal.error("\(path): cannot create the folder for annotated pages (\(error.localizedDescription))")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        self.path = path
    }

    convenience init(temporary: Void) throws {
        try self.init(path: FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-pages-\(UUID().uuidString)").path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
