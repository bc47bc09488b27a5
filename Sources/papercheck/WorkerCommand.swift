import ArgumentParser
import CProcessShims
import Foundation
import PaperCheck
import PaperWorkers

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

    @Option(name: .customLong("max-memory"), help: "Address-space limit in megabytes.")
    var maxMemory: Int?

    @Option(name: .long, help: "Threads that read one file's pages.")
    var threads: Int = 1

    typealias Request = WorkerRequest
    typealias Answer = WorkerAnswer

    /// Test-only fault injection: `crash:NAME` aborts and `hang:NAME` sleeps when a file's name is
    /// NAME, or for every file when NAME is `*`.
    static let faultVariable = "PAPERCHECK_TEST_FAULT"

    func run() throws {
        ParentWatch.dieWithParent()
        try Self.serve(ruleOptions: ruleOptions, maxMemory: maxMemory, threads: threads)
    }

    /// Answers requests on stdin until it closes: in a `worker` process, or in a coordinator's
    /// child forked without exec (`BatchCoordinator.Worker.fork`).
    static func serve(ruleOptions: RuleOptions, maxMemory: Int?, threads: Int) throws {
        let (ruleSet, profile) = try ruleOptions.loadProfile()
        try serve(ruleSet: ruleSet, profile: profile, maxMemory: maxMemory, threads: threads)
    }

    /// Answers requests with rules already loaded (a forked worker has its coordinator's).
    static func serve(ruleSet: RuleSet, profile ownProfile: Profile, maxMemory: Int?, threads: Int) throws {
        if let maxMemory { MemoryLimit.apply(megabytes: maxMemory) }
        let fault = ProcessInfo.processInfo.environment[Self.faultVariable].flatMap(Fault.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = readLine(strippingNewline: true) {
            guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else { continue }
            fault?.trigger(for: request.path)
            // A request may name another profile of the same rules (the server's uploads do).
            guard let profile = request.profile.map({ ruleSet.profile($0) }) ?? ownProfile else {
                let report = WorkerFailure.report(request.path, code: "unknown-profile",
                                                  reason: "no profile '\(request.profile ?? "")' in the worker's rules")
                var data = try encoder.encode(Answer(index: request.index, report: report))
                data.append(UInt8(ascii: "\n"))
                FileHandle.standardOutput.write(data)
                continue
            }
            let threads = max(1, min(request.threads ?? threads, PaperCheck.readerThreads))
            // Hashed here, where the file is read, rather than serially in the coordinator; beside
            // the check when its pages are read on several threads.
            let digest = threads > 1 ? BackgroundValue { PaperCheck.sha256(path: request.path) }
                : BackgroundValue(finished: nil)
            var report = PaperCheck.check(path: request.path, profile: profile, password: request.password, threads: threads,
                                          knownAuthors: request.authors)
            report.sha256 = threads > 1 ? digest.value : PaperCheck.sha256(path: request.path)
            report = PageImages.write(for: report, profile: profile, password: request.password,
                                      images: request.imageTemplate, thumbnails: request.thumbnailTemplate)
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
            // `*` stands for every file (the server's uploads have names of its own making).
            guard fileName == "*" || URL(fileURLWithPath: path).lastPathComponent == fileName else { return }
            if action == "crash" { abort() }
            while true { sleep(60) }
        }
    }
}

/// A worker must not outlive its coordinator: if the coordinator is killed (SIGKILL, a crash),
/// the kernel kills its workers too, even one stuck deep in poppler.
enum ParentWatch {
    static let coordinatorVariable = WorkerProcess.coordinatorVariable

    /// `coordinator`: the parent's pid when known (a forked worker); else read from the environment.
    static func dieWithParent(coordinator: pid_t? = nil) {
        guard papercheck_die_with_parent() == 0 else { return }
        // The coordinator may have died before the request took effect: this process then has
        // another parent already, and nobody to answer to.
        if let expected = coordinator ?? ProcessInfo.processInfo.environment[coordinatorVariable].flatMap(Int32.init),
           getppid() != expected {
            _exit(1)
        }
    }
}

enum MemoryLimit {
    /// The largest limit that means anything on a 64-bit address space (16 EiB is 2^44 MB).
    static let maximumMegabytes = 1 << 43

    static func apply(megabytes: Int) {
        let bytes = rlim_t(max(1, min(megabytes, maximumMegabytes))) * 1024 * 1024
        var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
        #if os(Linux)
        setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        #else
        setrlimit(RLIMIT_AS, &limit)
        #endif
    }
}

/// Annotated page images for a checked file, written where the file was checked (a worker, for
/// untrusted files), and listed in its report.
enum PageImages {
    /// Annotated pages rendered per file for `--annotate` (100 dpi).
    static let maxPagesPerFile = 6
    /// Page images per file in the HTML report, so a report of a whole batch stays small.
    static let maxThumbnailsPerFile = 3
    /// The HTML report's page images: shown small, opened large, so as sharp as `--annotate`'s.
    static let thumbnailDPI: Double = 100

    static func write(for report: FileReport, profile: Profile, password: String?, images: String?, thumbnails: String?) -> FileReport {
        var report = report
        if let images {
            let written = render(report, profile: profile, password: password, template: images, maxPages: maxPagesPerFile, dpi: 100)
            report.annotatedPages = written.isEmpty ? nil : written
        }
        if let thumbnails {
            _ = render(report, profile: profile, password: password, template: thumbnails, maxPages: maxThumbnailsPerFile, dpi: thumbnailDPI)
        }
        return report
    }

    private static func render(_ report: FileReport, profile: Profile, password: String?, template: String,
                               maxPages: Int, dpi: Double) -> [AnnotatedPage] {
        let images = PaperCheck.annotatedPages(for: report, profile: profile, password: password, maxPages: maxPages, dpi: dpi)
        var written: [AnnotatedPage] = []
        for (page, png) in images.sorted(by: { $0.key < $1.key }) {
            let file = template.replacingOccurrences(of: "{page}", with: String(page))
            if (try? png.write(to: URL(fileURLWithPath: file), options: .atomic)) != nil {
                written.append(AnnotatedPage(page: page, file: file))
            }
        }
        return written
    }

    /// The file name template for one input: derived from its name, unique among all inputs.
    static func template(for path: String, among all: [String], in directory: String) -> String {
        let name = PaperCheck.pageImageName(for: path, page: 0, among: all)
        let stem = name.hasSuffix("_p0.png") ? String(name.dropLast("_p0.png".count)) : name
        return URL(fileURLWithPath: directory).appendingPathComponent(stem + "_p{page}.png").path
    }
}
