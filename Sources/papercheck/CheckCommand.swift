import ArgumentParser
import Foundation
import PaperArchives
import PaperCheck

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check PDF files (the default command)."
    )

    @Argument(help: "PDF files, directories (searched recursively for *.pdf and *.zip), zip archives (their PDF members, read in place, as archive.zip!/member.pdf), or - to read paths from stdin (one per line). Put -- before file names that start with a dash.",
              completion: .file(extensions: ["pdf", "zip"]))
    var paths: [String] = []

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: .long, help: "Output format: human, json, jsonl (one line per file, streamed), csv, junit, sarif, github or html (one self-contained file with page thumbnails). Default: from the --output file's extension, else human. With --output files, it is the format of --output - (standard output).")
    var format: ReportFormat?

    @Option(name: .long, help: "Write the report to this file, in the format its extension names (.json, .jsonl, .csv, .xml for JUnit, .sarif, .html, .txt); - is standard output in --format. May be given several times, so one run writes several reports. Files are replaced atomically, devices written in place; jsonl is streamed as results arrive.")
    var output: [String] = []

    @Option(name: .long, help: "Password for encrypted PDFs (other users of the machine can read command lines: prefer --password-file).")
    var password: String?

    @Option(name: .customLong("password-file"), help: "A file whose first line is the password for encrypted PDFs.")
    var passwordFile: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 1: error or warning.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Worker processes checking files side by side (default: the number of cores; at most four per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Seconds one file may take before its worker is stopped and the file reported as an error.")
    var timeout: Double = 60

    @Option(name: .customLong("max-memory"), help: "Address-space limit per worker, in megabytes.")
    var maxMemory: Int?

    @Option(name: .long, help: "Write PNG images of pages with located findings, boxes drawn and labelled, to this folder.",
            completion: .directory)
    var annotate: String?

    @Option(name: .customLong("html-images"), help: "How an HTML report carries its page images: embed (data: URIs, one self-contained file), folder (PNGs in REPORT_files/ beside REPORT.html, linked and lazy-loaded) or auto: a folder for more than \(HTMLReportOutput.autoFileLimit) files or more than \(HTMLReportOutput.autoEmbeddedBytes / 1_000_000) MB of images, else embed. Standard output always embeds.")
    var htmlImages: HTMLImagesMode = .auto

    @Option(name: .long, help: "A waivers file (JSON): accepted deviations, kept in the report but not counted for the exit code.",
            completion: .file(extensions: ["json"]))
    var waivers: String?

    @Option(name: .long, help: "A JSONL report of an earlier run: files in it with the same path, sha256, profile, rules and papercheck version are not checked again.")
    var resume: String?

    @Option(name: .long, help: "The submission system's export (CSV with a header row: id or file, authors and/or emails): each paper's real authors, whose names and e-mail addresses in its text or metadata are errors in blind profiles.",
            completion: .file(extensions: ["csv"]))
    var authors: String?

    @Option(name: .long, help: "The submission system's export (CSV with a header row: id or number, and title, file or pdf, authors, emails as it has them; CMT's and OpenReview's column names are known): binds each PDF to its paper id and title, and a listed paper without a PDF is a result of status missing. Alone it is the input: each row's file, or the PDFs named or foldered by id beside the CSV. Its authors count as --authors when that is not given.",
            completion: .file(extensions: ["csv"]))
    var submissions: String?

    @Option(name: .customLong("per-paper"), help: "Write one self-contained HTML report and one JSON report per submission (named by its id, else by the file name) to this folder: what each author needs to fix, with page images and hints.",
            completion: .directory)
    var perPaper: String?

    @Option(name: .customLong("mail-merge"), help: "Write a CSV with one row per paper (id, title, e-mails, verdict, a plain-text summary, the per-paper report) for a mail-merge tool or the submission system's e-mail feature; papercheck sends nothing.",
            completion: .file(extensions: ["csv"]))
    var mailMerge: String?

    @Option(name: .long, help: "Check only shard K of N (e.g. 2/8, counted from 1): a deterministic split by path, for job arrays.")
    var shard: String?

    @Flag(name: .shortAndLong, help: "Print nothing for files that pass, and no progress or summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "List every finding, and every place a folded finding stands for (human format).")
    var verbose = false

    /// The `--shard` split, once validated.
    var shardSplit: Shard? { shard.flatMap(Shard.init(argument:)) }

    /// Workers at most: a few per core keeps a machine responsive; more only queue for the cores.
    static var maximumJobs: Int { 4 * max(1, ProcessInfo.processInfo.activeProcessorCount) }

    func validate() throws {
        if paths.isEmpty, submissions == nil { throw ValidationError("give at least one PDF file, directory or -, or a --submissions list") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(timeout > 0 && timeout <= 1_000_000) { throw ValidationError("--timeout is in seconds and must be a number above 0 and at most 1000000") }
        if let maxMemory, maxMemory < 256 || maxMemory > MemoryLimit.maximumMegabytes {
            throw ValidationError("--max-memory is in megabytes and must be between 256 and \(MemoryLimit.maximumMegabytes)")
        }
        if let shard, Shard(argument: shard) == nil {
            throw ValidationError("--shard is K/N with 1 <= K <= N (shards are counted from 1), e.g. 1/8; found '\(shard)'")
        }
        if password != nil, passwordFile != nil { throw ValidationError("give --password or --password-file, not both") }
    }

    func run() throws {
        do {
            try check()
        } catch let error as UsageError {
            Terminal.error(error.message)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    private func check() throws {
        // The rules are parsed once, here; then the first worker starts, forked without exec while
        // this process has one thread, so that one file alone pays no second process start and the
        // worker has the parsed rules without parsing them again. Not needed, it is dismissed.
        let (ruleSet, profile) = try ruleOptions.loadProfile(alone: true)
        let early = Self.earlyWorker(ruleSet: ruleSet, profile: profile, maxMemory: maxMemory)
            ?? (try? BatchCoordinator.Worker.launch(arguments: workerArguments))
        defer { early?.dismiss() }
        let waiverSet = try loadWaivers()
        let password = try resolvedPassword()
        let submissionList = try submissions.map { try SubmissionsFile.load($0, for: .submissions) }
        // The submissions list stands for --authors when it has authors and --authors is not given.
        let authorsFile = try authors.map { try SubmissionsFile.load($0) } ?? submissionList.flatMap { $0.hasAuthors ? $0 : nil }
        var inputs = paths.isEmpty ? InputFiles.Collected() : InputFiles.collect(paths)
        for warning in inputs.warnings { Terminal.warning(warning) }
        var entries = inputs.files.map { SubmissionBinding.Entry(path: $0) }
        if let submissionList {
            let binding = SubmissionBinding.bind(submissionList, paths: paths, inputs: inputs)
            for warning in binding.listed.warnings + binding.warnings { Terminal.warning(warning) }
            entries = binding.entries
            inputs.archives += binding.listed.archives
            inputs.memberSizes.merge(binding.listed.memberSizes) { first, _ in first }
            inputs.refusals.merge(binding.listed.refusals) { first, _ in first }
            if entries.isEmpty { throw UsageError("\(submissionList.path): lists no papers; give a CSV with a header row and a row per paper") }
        }
        // Nothing to check is a mistake (a wrong folder would otherwise pass silently); an empty
        // shard of a real list is not.
        if entries.isEmpty, !inputs.onlyStandardInput {
            Terminal.error("no PDF files found in \(paths.joined(separator: ", ")); give PDF files or folders that hold them")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        if let shard = shardSplit { entries = entries.filter { shard.contains($0.path) } }
        let files = entries.map(\.path)
        let knownAuthors: [KnownAuthors]? = authorsFile.map { file in
            authors != nil ? files.map(file.authors(for:)) : entries.map { file.authors(of: $0.row) }
        }
        if authors != nil, let authorsFile, let knownAuthors {
            let unmatched = files.indices.filter { knownAuthors[$0].row == nil }
            if !unmatched.isEmpty {
                let names = unmatched.prefix(5).map { URL(fileURLWithPath: files[$0]).lastPathComponent }.joined(separator: ", ")
                Terminal.warning("\(authorsFile.path): no row names \(unmatched.count) of \(files.count) file\(files.count == 1 ? "" : "s") (\(names)\(unmatched.count > 5 ? ", ..." : "")); they are checked without the authors' names")
            }
        }
        // Results known before any check: listed papers without a PDF, refused archives and members
        // (what is wrong with them and what to do).
        let preset = Dictionary(uniqueKeysWithValues: entries.enumerated().compactMap { index, entry -> (Int, FileReport)? in
            if entry.isMissing, let list = submissionList { return (index, SubmissionBinding.missingReport(entry, list: list)) }
            guard let problem = inputs.refusals[entry.path] else { return nil }
            return (index, Evaluator.unreadable(path: entry.path, code: problem.code.rawValue,
                                                reason: "\(entry.path): \(problem.reason)", profile: profile))
        })
        let submissionOf = entries.map { entry in entry.row.flatMap { submissionList?.submission($0) } }
        // Every output is checked before any work: a wrong folder fails now, not after the batch.
        // An archive is an input too: no report may replace it.
        let targets = try OutputTarget.plan(output, format: format, inputs: files + inputs.archives)
        try HTMLReportOutput.check(htmlImages, targets: targets, files: files.count, format: format)
        let formats = targets.isEmpty ? [format ?? .human] : targets.map(\.format)
        // Standard output gets a report when no --output is given, or when one of them is `-`.
        let stdoutFormat = targets.isEmpty ? format ?? .human : targets.first { $0.destination == nil }?.format
        // Only JSONL lines and a resumed run read the digest; encoding the rules for it costs as
        // much as a small file's check of its own.
        let digest = formats.contains(.jsonl) || resume != nil ? Self.rulesDigest(profile, authors: authorsFile) : nil
        if jobs > Self.maximumJobs {
            Terminal.warning("--jobs \(jobs) is more than four workers per core; using \(Self.maximumJobs)")
        }
        let images = try annotate.map { try ImageFolder(path: $0) }
        let perPaperFolder = try perPaper.map(PerPaperReports.prepare)
        let mailMergeTarget = try mailMerge.map { try Destination.prepare($0, inputs: FileIdentity.of(files)) }
        let thumbnails = formats.contains(.html) || perPaperFolder != nil ? try ImageFolder(temporary: ()) : nil
        defer { thumbnails?.remove() }
        let run = BatchRun(files: files, profile: profile, command: self, password: password, waivers: waiverSet,
                           images: images, thumbnails: thumbnails, prestarted: early,
                           stream: try jsonlStream(targets: targets, stdoutFormat: stdoutFormat, digest: digest),
                           knownAuthors: knownAuthors ?? [], rulesDigest: digest, submissions: submissionOf, preset: preset,
                           memberSizes: inputs.memberSizes)
        let reports = try run.execute()
        // A waiver that matched nothing is likely stale or mistyped: say so once for the run.
        let notices = waiverSet?.unmatched(after: reports).map { $0.unmatchedNotice() } ?? []
        var report = Report(toolVersion: PaperCheck.version, profile: profile,
                            rulesSchemaVersion: ruleSet.schemaVersion, files: reports, notices: notices)
        if let stop = run.stop {
            report.stopped = stop == .terminate ? "terminate" : "interrupt"
            report.unchecked = files.count - reports.count
        }
        let thumbnailImages = HTMLPageImages(files: thumbnails.map { run.thumbnailFiles(in: $0) } ?? [:])
        for target in targets where target.format != .jsonl {
            guard let destination = target.destination else { continue }
            if target.format == .html {
                try HTMLReportOutput.write(report, target: target, destination: destination, images: thumbnailImages,
                                           mode: htmlImages, profile: profile)
                continue
            }
            try destination.write(render(report, as: target.format, profile: profile, digest: run.rulesDigest, colors: false,
                                                thumbnails: thumbnailImages))
        }
        if let perPaperFolder {
            try PerPaperReports.write(report, to: perPaperFolder, profile: profile, thumbnails: thumbnailImages)
        }
        if let mailMergeTarget {
            try mailMergeTarget.write(MailMerge.render(report, rows: entries.map(\.row), files: files,
                                                       perPaperFolder: perPaperFolder, mailMergeFile: mailMergeTarget.resolved))
        }
        if let stdoutFormat, stdoutFormat != .jsonl {
            // --quiet lists only the files that did not pass; the summary still counts every file.
            var shown = report
            if quiet && stdoutFormat == .human { shown.files = reports.filter { $0.status != .pass } }
            if !(quiet && stdoutFormat == .human && shown.files.isEmpty && notices.isEmpty && run.stop == nil) {
                let colors = stdoutFormat == .human && Terminal.stdoutWantsColor
                try Terminal.writeStandardOutput(render(shown, as: stdoutFormat, profile: profile, digest: run.rulesDigest, colors: colors,
                                                        thumbnails: thumbnailImages))
            }
        }
        if formats.contains(.jsonl) { for notice in notices { Terminal.warning(notice.message) } }
        if let failure = run.stream.failure {
            Terminal.error("cannot write the JSONL lines to \(failure)")
            throw ExitCode(ExitStatus.outputFailed.rawValue)
        }
        if files.count > 1, !quiet, stdoutFormat != .human {
            _ = Terminal.writeAll(Data(BatchSummary.text(reports).utf8), to: STDERR_FILENO)
        }
        if let stop = run.stop {
            let left = files.count - reports.count
            Terminal.warning("stopped by \(stop == .terminate ? "SIGTERM" : "SIGINT") with \(left) of \(files.count) files unchecked; the reports hold the others, and --resume goes on")
            throw ExitCode((stop == .terminate ? ExitStatus.terminated : ExitStatus.interrupted).rawValue)
        }
        var status = ExitStatus.of(reports, failOn: failOn)
        if status == .allPassed, failOn == .warning, !notices.isEmpty { status = .ruleFailed }
        if status != .allPassed { throw ExitCode(status.rawValue) }
    }

    private func render(_ report: Report, as format: ReportFormat, profile: Profile, digest rulesDigest: String?, colors: Bool,
                        thumbnails: HTMLPageImages) -> String {
        // Standard output has no folder beside it: its links are relative to the working directory.
        if format == .html { return HTMLReportOutput.renderer(profile, images: thumbnails.embedded(), linkBase: nil).render(report) }
        if format == .jsonl { return Self.jsonlRenderer(rulesDigest).render(report) }
        return format.renderer(profile: profile, colors: colors, verbose: verbose).render(report)
    }

    /// JSONL lines say what checked them, so that `--resume` reuses only results of the same check.
    static func jsonlRenderer(_ rulesDigest: String?) -> JSONLinesReportRenderer {
        JSONLinesReportRenderer(tool: PaperCheck.version, rulesDigest: rulesDigest)
    }

    /// What a JSONL line says it was checked with: the profile's rules and, with `--authors`, the
    /// authors file's bytes, so that `--resume` does not reuse a line checked with other authors.
    static func rulesDigest(_ profile: Profile, authors: SubmissionsFile?) -> String {
        profile.digest + (authors.map { "+authors:" + $0.digest } ?? "")
    }

    private func jsonlStream(targets: [OutputTarget], stdoutFormat: ReportFormat?, digest: String?) throws -> JSONLStream {
        let renderer = Self.jsonlRenderer(digest)
        if let target = targets.first(where: { $0.format == .jsonl }), let destination = target.destination {
            return try JSONLStream(destination: destination, resume: resume, renderer: renderer)
        }
        return stdoutFormat == .jsonl ? JSONLStream(standardOutputWith: renderer) : JSONLStream(renderer: renderer)
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

    /// The password from `--password` or the first line of `--password-file`.
    private func resolvedPassword() throws -> String? {
        guard let passwordFile else { return password }
        guard let data = FileManager.default.contents(atPath: passwordFile), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("\(passwordFile): cannot read the password file")
        }
        return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
    }

    /// Arguments a worker needs to check files exactly as this command would (no password: it
    /// travels with each request, out of sight of other users).
    /// A worker forked from this process, serving requests until its input closes; nil when
    /// this process already has threads (then workers are started by exec).
    private static func earlyWorker(ruleSet: RuleSet, profile: Profile, maxMemory: Int?) -> BatchCoordinator.Worker? {
        let coordinator = getpid()
        return BatchCoordinator.Worker.fork {
            ParentWatch.dieWithParent(coordinator: coordinator)
            do {
                try WorkerCommand.serve(ruleSet: ruleSet, profile: profile, maxMemory: maxMemory, threads: 1)
                _exit(0)
            } catch {
                _exit(1)
            }
        }
    }

    var workerArguments: [String] {
        var arguments: [String] = []
        if let profile = ruleOptions.profile { arguments += ["--profile", profile] }
        if let rules = ruleOptions.rules { arguments += ["--rules", URL(fileURLWithPath: rules).path] }
        if let maxMemory { arguments += ["--max-memory", String(maxMemory)] }
        return arguments
    }
}

/// One `check` run over its files: resumed results, worker checks, streamed JSONL, sha256 and
/// duplicates, progress. Results come back in input order. Every file, one alone too, is checked
/// in a worker process, so `--timeout` and `--max-memory` hold and a crash costs one result.
final class BatchRun {
    let files: [String]
    let profile: Profile
    let command: CheckCommand
    let password: String?
    let waivers: WaiverSet?
    let images: ImageFolder?
    let thumbnails: ImageFolder?
    let stream: JSONLStream
    /// A worker started before the run was planned, used first.
    let prestarted: BatchCoordinator.Worker?
    /// Per input, its real authors (`--authors`); empty without that option.
    let knownAuthors: [KnownAuthors]
    /// The digest lines are written with and reused by (`CheckCommand.rulesDigest`); nil when the
    /// run writes no JSONL line and resumes none, so that nothing reads it.
    let rulesDigest: String?
    /// Per input, the submission it belongs to (`--submissions`); empty without that option.
    let submissions: [Submission?]
    /// Results known before any check, by input index: listed papers without a PDF, refused
    /// archives and archive members.
    let preset: [Int: FileReport]
    /// Archive members by path: the uncompressed size their directory declares.
    let memberSizes: [String: Int]
    private(set) var stop: BatchCoordinator.Stop?
    /// Per input, its page-image name stem (unique among the inputs), worked out once.
    private lazy var stems = PaperCheck.pageImageStems(for: files)

    init(files: [String], profile: Profile, command: CheckCommand, password: String?, waivers: WaiverSet?,
         images: ImageFolder?, thumbnails: ImageFolder?, prestarted: BatchCoordinator.Worker?, stream: JSONLStream,
         knownAuthors: [KnownAuthors] = [], rulesDigest: String? = nil, submissions: [Submission?] = [],
         preset: [Int: FileReport] = [:], memberSizes: [String: Int] = [:]) {
        self.files = files
        self.submissions = submissions
        self.preset = preset
        self.memberSizes = memberSizes
        self.knownAuthors = knownAuthors
        self.rulesDigest = rulesDigest
        self.prestarted = prestarted
        self.profile = profile
        self.command = command
        self.password = password
        self.waivers = waivers
        self.images = images
        self.thumbnails = thumbnails
        self.stream = stream
    }

    /// The image file template of input `index` in `folder`: `stem_p{page}.png`.
    private func template(_ index: Int, in folder: ImageFolder) -> String {
        URL(fileURLWithPath: folder.path).appendingPathComponent(stems[index] + "_p{page}.png").path
    }

    /// The HTML report's page images the workers wrote, by input path and page: their files.
    func thumbnailFiles(in folder: ImageFolder) -> [String: [Int: String]] {
        var pathByStem: [String: String] = [:]
        for (index, path) in files.enumerated() { pathByStem[stems[index]] = path }
        var found: [String: [Int: String]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            // `stem_p3.png`: the stem names the input, the number the page.
            guard let marker = name.range(of: "_p", options: .backwards), name.hasSuffix(".png"),
                  let page = Int(name[marker.upperBound...].dropLast(4)),
                  let path = pathByStem[String(name[..<marker.lowerBound])]
            else { continue }
            found[path, default: [:]][page] = URL(fileURLWithPath: folder.path).appendingPathComponent(name).path
        }
        return found
    }

    func execute() throws -> [FileReport] {
        var results = [FileReport?](repeating: nil, count: files.count)
        var digests = [String?](repeating: nil, count: files.count)
        // Every result, resumed or new, gets this run's submission and triage: neither is checked
        // from the PDF, and a waiver or another rules file changes the triage.
        let completed: (Int, FileReport) -> FileReport = { index, report in
            var report = report
            report.submission = index < self.submissions.count ? self.submissions[index] : nil
            report.triage = Triage.assess(report, profile: self.profile)
            return report
        }
        for (index, report) in preset {
            results[index] = completed(index, report)
        }
        if let resume = command.resume {
            // Read before anything is written to the output, which may be this very file.
            let earlier = try ResumeLog.load(resume, profile: profile, tool: PaperCheck.version, rulesDigest: rulesDigest)
            if let notice = earlier.notice(for: resume) { Terminal.warning(notice) }
            for (index, path) in files.enumerated() where results[index] == nil {
                guard var previous = earlier.results[path] else { continue }
                // Only regular files are hashed here; a pipe or a device goes to a worker, which
                // reports it without waiting on it.
                guard let digest = PaperCheck.sha256(path: path), previous.sha256 == digest else { continue }
                digests[index] = digest
                if let waivers { previous = waivers.apply(to: previous) }
                previous = completed(index, previous)
                results[index] = previous
                if !stream.appendsToResumeFile { stream.write(previous, profile: profile.id) }
            }
            // Continuing the resume file itself: it keeps only the lines reused, so that a file
            // checked again (a crash, a timeout, changed bytes) ends with one line, not two.
            if stream.appendsToResumeFile {
                let reused = Set(results.compactMap { $0?.path })
                try stream.keepOnly(earlier.order.filter(reused.contains).compactMap { earlier.lines[$0] })
            }
        }
        // Preset results are lines of the JSONL too (after the resume file was rewritten: they
        // are never reused from it).
        for index in preset.keys.sorted() { if let report = results[index] { stream.write(report, profile: profile.id) } }
        let todo = files.indices.filter { results[$0] == nil }
        let templates = files.indices.map { index in images.map { template(index, in: $0) } }
        let thumbnailTemplates = files.indices.map { index in thumbnails.map { template(index, in: $0) } }
        let progress = ProgressBar(total: todo.count)
        var failed = 0
        var checked = 0
        let record: (Int, FileReport) -> Void = { index, report in
            var report = completed(index, self.waivers?.apply(to: report) ?? report)
            report.sha256 = report.sha256 ?? digests[index]
            results[index] = report
            self.stream.write(report, profile: self.profile.id)
            checked += 1
            if report.status == .fail || report.isUnchecked { failed += 1 }
            progress.update(done: checked, failed: failed)
        }
        if !todo.isEmpty {
            // One file alone reads its pages on several threads in its worker.
            let jobs = min(command.jobs, CheckCommand.maximumJobs)
            let settings = BatchCoordinator.Settings(jobs: jobs, timeout: command.timeout,
                                                     workerArguments: command.workerArguments, password: password,
                                                     threadsPerWorker: todo.count == 1 ? PaperCheck.readerThreads : 1,
                                                     imageTemplates: templates, thumbnailTemplates: thumbnailTemplates,
                                                     authors: knownAuthors)
            // Largest files first, so one long document does not finish alone at the end of the
            // run; a symbolic link counts with the size of what it points to, an archive member
            // with the size its directory declares.
            let sizes = files.map { path -> Int in
                if let size = memberSizes[path] { return size }
                var info = stat()
                return stat(path, &info) == 0 ? Int(info.st_size) : 0
            }
            let largestFirst = todo.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
            let coordinator = BatchCoordinator(paths: files, indices: largestFirst, settings: settings,
                                               prestarted: prestarted, onResult: record)
            coordinator.run()
            stop = coordinator.stop
        }
        progress.clear()
        stream.close()
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
        // `missing` is only said when a submissions list left papers without a PDF.
        let statuses = FileStatus.allCases.filter { $0 != .missing || counts[$0] != nil }
        var lines = ["\(reports.count) files: " + statuses.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            + (duplicates > 0 ? "; \(duplicates) duplicate\(duplicates == 1 ? "" : "s") (same sha256)" : "")]
        var verdicts: [TriageClass: Int] = [:]
        for report in reports { if let verdict = report.triage?.verdict { verdicts[verdict, default: 0] += 1 } }
        if !verdicts.isEmpty {
            lines.append("triage: " + TriageClass.allCases.sorted().compactMap { verdict in
                verdicts[verdict].map { "\($0) \(verdict.rawValue)" }
            }.joined(separator: ", "))
        }
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

    /// A private temporary folder (mode 0700: the thumbnails are of other people's papers).
    convenience init(temporary: Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-pages-\(UUID().uuidString)").path
        guard mkdir(path, 0o700) == 0 else {
            Terminal.error("\(path): cannot create a temporary folder for the report's thumbnails (\(String(cString: strerror(errno))))")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        try self.init(path: path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
