import Foundation
import PaperCheck

/// Runs files through worker processes (the same binary's hidden `worker` command), so that a
/// PDF that crashes or hangs the reader costs only its own result. Every input gets exactly one
/// result: a report from a worker, or an `error` report for a crash, a timeout or an interrupt.
final class BatchCoordinator: @unchecked Sendable {
    struct Settings {
        var jobs: Int
        var timeout: TimeInterval
        var workerArguments: [String]
        /// Per input index, where its annotated page images and HTML thumbnails go (nil: none).
        var imageTemplates: [String?] = []
        var thumbnailTemplates: [String?] = []
    }

    /// What happened to one file, in the order results arrive.
    typealias ResultHandler = (Int, FileReport) -> Void

    private let settings: Settings
    private let paths: [String]
    private let queue = DispatchQueue(label: "papercheck.batch")
    private let finished = DispatchSemaphore(value: 0)
    private let onResult: ResultHandler
    // State below is touched only on `queue`.
    private var pending: [Int]
    private var workers: [Worker] = []
    private var done = 0
    private(set) var interrupted = false
    private var timer: DispatchSourceTimer?
    private var interruptSource: DispatchSourceSignal?

    /// One worker process and its bookkeeping; touched only on the coordinator's queue.
    private final class Worker: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffer = Data()
        var current: (index: Int, started: Date)?
        var timedOut = false
        var answered = false
    }

    init(paths: [String], indices: [Int], settings: Settings, onResult: @escaping ResultHandler) {
        self.paths = paths
        self.pending = indices.reversed()
        self.settings = settings
        self.onResult = onResult
    }

    /// Blocks until every file has a result or the run was interrupted (Ctrl-C).
    func run() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            self.interrupt()
        }
        source.resume()
        interruptSource = source
        queue.async {
            guard !self.pending.isEmpty else { self.finished.signal(); return }
            for _ in 0..<min(self.settings.jobs, self.pending.count) { self.startWorker() }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            timer.schedule(deadline: .now() + 0.2, repeating: 0.2)
            timer.setEventHandler { [weak self] in
                guard let self else { return }
                self.enforceTimeouts()
            }
            timer.resume()
            self.timer = timer
        }
        finished.wait()
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    private func startWorker() {
        let worker = Worker()
        worker.process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        worker.process.arguments = ["worker"] + settings.workerArguments
        worker.process.standardInput = worker.input
        worker.process.standardOutput = worker.output
        worker.process.standardError = FileHandle.nullDevice
        worker.output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.queue.async { self.received(data, from: worker) }
        }
        worker.process.terminationHandler = { [weak self] _ in
            guard let self else { return }
            self.queue.async { self.terminated(worker) }
        }
        do {
            try worker.process.run()
        } catch {
            // The binary could not start a copy of itself: report the file that would have gone there.
            if let index = pending.popLast() {
                finish(index, with: Self.failure(paths[index], code: "worker", reason: "could not start a worker process (\(error))"))
            }
            return
        }
        workers.append(worker)
        assignNext(to: worker)
    }

    private func assignNext(to worker: Worker) {
        guard !interrupted, let index = pending.popLast() else {
            try? worker.input.fileHandleForWriting.close()
            return
        }
        worker.current = (index, Date())
        worker.answered = false
        let template = index < settings.imageTemplates.count ? settings.imageTemplates[index] : nil
        let thumbnails = index < settings.thumbnailTemplates.count ? settings.thumbnailTemplates[index] : nil
        let message = WorkerCommand.Request(index: index, path: paths[index], imageTemplate: template, thumbnailTemplate: thumbnails)
        var request = (try? JSONEncoder().encode(message)) ?? Data()
        request.append(UInt8(ascii: "\n"))
        do {
            try worker.input.fileHandleForWriting.write(contentsOf: request)
        } catch {
            // The worker is gone; its termination handler reports the file.
        }
    }

    private func received(_ data: Data, from worker: Worker) {
        if data.isEmpty {
            worker.output.fileHandleForReading.readabilityHandler = nil
            return
        }
        worker.buffer.append(data)
        while let newline = worker.buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = worker.buffer[worker.buffer.startIndex..<newline]
            worker.buffer = Data(worker.buffer[worker.buffer.index(after: newline)...])
            guard let answer = try? JSONDecoder().decode(WorkerCommand.Answer.self, from: line),
                  worker.current?.index == answer.index else { continue }
            worker.current = nil
            worker.answered = true
            finish(answer.index, with: answer.report)
            assignNext(to: worker)
        }
    }

    private func terminated(_ worker: Worker) {
        // Read what the worker wrote before it ended, then account for the file it held.
        worker.output.fileHandleForReading.readabilityHandler = nil
        let rest = worker.output.fileHandleForReading.readDataToEndOfFile()
        if !rest.isEmpty { received(rest, from: worker) }
        workers.removeAll { $0 === worker }
        if let (index, started) = worker.current {
            worker.current = nil
            let report: FileReport
            if interrupted {
                // Stopped by the user: the file was not checked, so it gets no result (a resumed run checks it).
                checkFinished()
                return
            } else if worker.timedOut {
                let seconds = Int(Date().timeIntervalSince(started).rounded())
                report = Self.failure(paths[index], code: "timeout",
                                      reason: "the PDF took longer than \(Int(settings.timeout)) s to check (stopped after \(seconds) s); it may be crafted or damaged")
            } else if worker.process.terminationReason == .uncaughtSignal {
                report = Self.failure(paths[index], code: "crashed",
                                      reason: "the PDF crashed the reader: signal \(worker.process.terminationStatus); the file may be damaged or crafted")
            } else {
                report = Self.failure(paths[index], code: "crashed",
                                      reason: "the reader stopped with exit status \(worker.process.terminationStatus) on this PDF")
            }
            finish(index, with: report)
        }
        if !interrupted, !pending.isEmpty { startWorker() }
        checkFinished()
    }

    private func enforceTimeouts() {
        for worker in workers {
            guard let current = worker.current, !worker.timedOut,
                  Date().timeIntervalSince(current.started) > settings.timeout else { continue }
            worker.timedOut = true
            kill(worker.process.processIdentifier, SIGKILL)
        }
    }

    private func interrupt() {
        guard !interrupted else { return }
        interrupted = true
        for worker in workers { kill(worker.process.processIdentifier, SIGKILL) }
        checkFinished()
    }

    private func finish(_ index: Int, with report: FileReport) {
        done += 1
        onResult(index, report)
        checkFinished()
    }

    private var completed = false

    private func checkFinished() {
        guard !completed else { return }
        let allDone = pending.isEmpty && workers.allSatisfy { $0.current == nil }
        guard allDone || (interrupted && workers.isEmpty) else { return }
        completed = true
        timer?.cancel()
        for worker in workers { try? worker.input.fileHandleForWriting.close() }
        finished.signal()
    }

    static func failure(_ path: String, code: String, reason: String) -> FileReport {
        let finding = Finding(ruleId: "pdf-readable", check: "pdfReadable", severity: .error, message: "\(path): \(reason)",
                              values: ["reason": reason, "code": code],
                              hint: "Open the PDF in a viewer; if it is damaged, export it again from the source.",
                              reference: "Submissions must be in PDF.")
        return FileReport(path: path, status: .error, pages: nil, findings: [finding], errorCode: code, error: "\(path): \(reason)")
    }
}
