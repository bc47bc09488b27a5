import CProcessShims
import Foundation
import PaperCheck
import PaperWorkers

/// Runs files through worker processes (the same binary's hidden `worker` command), so that a
/// PDF that crashes or hangs the reader costs only its own result. Every input gets exactly one
/// result: a report from a worker, or an `error` report for a crash, a timeout, a worker that
/// could not start, or nothing at all when the run is stopped (SIGINT, SIGTERM).
///
/// Control (handing out files, the timeout timer, signals, worker exits) runs on one serial
/// queue and never waits for I/O: each worker's answers are read and decoded on a thread of its
/// own, which scans each byte once for the end of a line, so a huge answer costs its own reader
/// time and nobody else's.
final class BatchCoordinator: @unchecked Sendable {
    struct Settings {
        var jobs: Int
        var timeout: TimeInterval
        var workerArguments: [String]
        /// The password for encrypted PDFs, sent to workers with each request (not on their command line).
        var password: String?
        /// Threads a worker reads one file's pages with (1 when files are checked side by side).
        var threadsPerWorker = 1
        /// Per input index, where its annotated page images and HTML thumbnails go (nil: none).
        var imageTemplates: [String?] = []
        var thumbnailTemplates: [String?] = []
        /// Per input index, the paper's real authors (`--authors`); empty without that option.
        var authors: [KnownAuthors?] = []
    }

    /// How a run ended early.
    enum Stop: Equatable {
        case interrupt   // SIGINT (Ctrl-C): exit 130
        case terminate   // SIGTERM (Slurm, Kubernetes): exit 143
    }

    /// What happened to one file, in the order results arrive.
    typealias ResultHandler = (Int, FileReport) -> Void

    private let settings: Settings
    private let paths: [String]
    private let queue = DispatchQueue(label: "papercheck.batch")
    private let finished = DispatchSemaphore(value: 0)
    /// Signalled once the run is complete and every worker has exited.
    private let drained = DispatchSemaphore(value: 0)
    private let onResult: ResultHandler
    // State below is touched only on `queue`.
    private var pending: [Int]
    private var workers: [Worker] = []
    private(set) var stop: Stop?
    private var timer: DispatchSourceTimer?
    private var signalSources: [DispatchSourceSignal] = []
    private var completed = false
    /// Workers that could not be started in a row; past a few, the files left are reported.
    private var failedStarts = 0

    var interrupted: Bool { stop != nil }

    typealias Worker = WorkerProcess

    /// A worker started before the run was planned (while the rules load and the inputs are
    /// found), used as the first one.
    private var prestarted: Worker?

    init(paths: [String], indices: [Int], settings: Settings, prestarted: Worker? = nil,
         onResult: @escaping ResultHandler) {
        self.paths = paths
        self.pending = indices.reversed()
        self.settings = settings
        self.prestarted = prestarted
        self.onResult = onResult
    }

    /// Blocks until every file has a result or the run was stopped by SIGINT or SIGTERM.
    func run() {
        signal(SIGPIPE, SIG_IGN)
        for (number, kind) in [(SIGINT, Stop.interrupt), (SIGTERM, Stop.terminate)] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in self?.halt(kind) }
            source.resume()
            signalSources.append(source)
        }
        queue.async {
            guard !self.pending.isEmpty else {
                self.prestarted?.dismiss()
                self.finish()
                return
            }
            for _ in 0..<min(self.settings.jobs, self.pending.count) { self.startWorker() }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            timer.schedule(deadline: .now() + 0.2, repeating: 0.2)
            timer.setEventHandler { [weak self] in self?.enforceTimeouts() }
            timer.resume()
            self.timer = timer
            self.checkFinished()
        }
        finished.wait()
        // Workers told to end (their input closed) exit at once; waiting for them, briefly, lets
        // each finish its own exit (a profiler's dump under valgrind) rather than be killed by
        // the parent-death signal when this process exits first.
        _ = drained.wait(timeout: .now() + 10)
        for source in signalSources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    private func startWorker() {
        guard stop == nil, !pending.isEmpty else { return }
        let worker: Worker
        do {
            if let early = prestarted {
                prestarted = nil
                worker = early
            } else {
                worker = try Worker.launch(arguments: settings.workerArguments)
            }
        } catch {
            failedStarts += 1
            // A worker may fail to start once (a passing shortage); when none runs and starts keep
            // failing, the files left are reported rather than waited for.
            if failedStarts >= 3 || workers.isEmpty {
                let reason = "could not start a worker process (\(error.localizedDescription)); free some memory or file descriptors, or use fewer --jobs"
                while let index = pending.popLast() { report(index, Self.failure(paths[index], code: "worker", reason: reason)) }
            }
            checkFinished()
            return
        }
        failedStarts = 0
        workers.append(worker)
        worker.onExit { [weak self] in
            guard let self else { return }
            self.queue.async {
                worker.exited = true
                self.retire(worker)
            }
        }
        startReader(for: worker)
        assignNext(to: worker)
    }

    /// Answers are read on the worker's own reader thread and handed to the queue.
    private func startReader(for worker: Worker) {
        // The coordinator outlives its workers' readers: `run` returns only once every worker is retired.
        let coordinator = self
        worker.startReading(answered: { answer in
            coordinator.queue.async { coordinator.received(answer, from: worker) }
        }, ended: {
            coordinator.queue.async {
                worker.readerDone = true
                coordinator.retire(worker)
            }
        })
    }

    private func assignNext(to worker: Worker) {
        guard stop == nil, let index = pending.popLast() else {
            try? worker.input.fileHandleForWriting.close()
            return
        }
        worker.current = (index, Date())
        let template = index < settings.imageTemplates.count ? settings.imageTemplates[index] : nil
        let thumbnails = index < settings.thumbnailTemplates.count ? settings.thumbnailTemplates[index] : nil
        let message = WorkerRequest(index: index, path: paths[index], imageTemplate: template,
                                            thumbnailTemplate: thumbnails, password: settings.password,
                                            threads: settings.threadsPerWorker,
                                            authors: index < settings.authors.count ? settings.authors[index] : nil)
        // When the worker is gone, retiring it reports the file.
        worker.send(message)
    }

    private func received(_ answer: WorkerAnswer, from worker: Worker) {
        guard let current = worker.current, current.index == answer.index else { return }
        worker.current = nil
        report(answer.index, answer.report)
        assignNext(to: worker)
    }

    /// Once a worker has exited and its answers are all read: accounts for the file it held,
    /// closes its pipes, and starts another when files are left.
    private func retire(_ worker: Worker) {
        guard worker.exited, worker.readerDone, workers.contains(where: { $0 === worker }) else { return }
        workers.removeAll { $0 === worker }
        close(worker)
        if completed, workers.isEmpty { drained.signal() }
        if let (index, started) = worker.current {
            worker.current = nil
            if stop == nil { report(index, failure(of: worker, on: index, started: started)) }
            // Stopped by a signal: the file was not checked, so it gets no result (a resumed run checks it).
        }
        if stop == nil, !pending.isEmpty, workers.count < settings.jobs { startWorker() }
        checkFinished()
    }

    private func failure(of worker: Worker, on index: Int, started: Date) -> FileReport {
        WorkerFailure.report(for: worker, path: paths[index], started: started, timeout: settings.timeout)
    }

    private func close(_ worker: Worker) {
        worker.closePipes()
    }

    private func enforceTimeouts() {
        for worker in workers {
            guard let current = worker.current, !worker.timedOut,
                  Date().timeIntervalSince(current.started) > settings.timeout else { continue }
            worker.timedOut = true
            kill(worker.pid, SIGKILL)
        }
    }

    /// Stops the run: workers are killed, what is done is returned.
    private func halt(_ kind: Stop) {
        guard stop == nil else { return }
        stop = kind
        for worker in workers { kill(worker.pid, SIGKILL) }
        checkFinished()
    }

    private func report(_ index: Int, _ report: FileReport) {
        onResult(index, report)
    }

    private func checkFinished() {
        guard !completed else { return }
        let allDone = pending.isEmpty && workers.allSatisfy { $0.current == nil }
        guard allDone || (stop != nil && workers.isEmpty) else { return }
        finish()
    }

    private func finish() {
        guard !completed else { return }
        completed = true
        timer?.cancel()
        for worker in workers { try? worker.input.fileHandleForWriting.close() }
        if workers.isEmpty { drained.signal() }
        finished.signal()
    }

    static func failure(_ path: String, code: String, reason: String) -> FileReport {
        WorkerFailure.report(path, code: code, reason: reason)
    }
}
