import CProcessShims
import Foundation
import PaperCheck

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

    /// One worker process and its bookkeeping; touched only on the coordinator's queue, except
    /// `output`, which only its reader thread reads, and the exit hand-over, which is locked.
    final class Worker: @unchecked Sendable {
        let input = Pipe()
        let output = Pipe()
        /// The process id, once started.
        private(set) var pid: pid_t = 0
        var current: (index: Int, started: Date)?
        var timedOut = false
        var exited = false
        var readerDone = false
        /// How the process ended: the signal that killed it, or nil and its exit status.
        private(set) var exitSignal: Int32?
        private(set) var exitStatus: Int32 = 0
        private var process: Process?
        private let exitLock = NSLock()
        private var hasExited = false
        private var exitHandler: (() -> Void)?

        /// Starts `papercheck worker` with `arguments` (exec of this binary). Its stderr is
        /// discarded: what goes wrong with a file is its result.
        static func launch(arguments: [String]) throws -> Worker {
            let worker = Worker()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["worker"] + arguments
            process.standardInput = worker.input
            process.standardOutput = worker.output
            process.standardError = FileHandle.nullDevice
            var environment = ProcessInfo.processInfo.environment
            environment[ParentWatch.coordinatorVariable] = String(getpid())
            process.environment = environment
            // Set before the start, so that an exit is never missed; handed to whoever adopts the worker.
            process.terminationHandler = { process in
                worker.exited(signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil,
                              status: process.terminationStatus)
            }
            try process.run()
            worker.process = process
            worker.pid = process.processIdentifier
            return worker
        }

        /// Forks this process into a worker that runs `serve` and never returns, saving the exec,
        /// the dynamic loading and the Swift runtime's start (about 12 ms of a one-file run).
        /// Only while this process has a single thread: no other thread can then hold a lock
        /// (malloc's, the Swift runtime's) that the child would inherit locked. Nil otherwise.
        static func fork(serve: () -> Never) -> Worker? {
            guard papercheck_thread_count() == 1 else { return nil }
            let worker = Worker()
            let childInput = worker.input.fileHandleForReading.fileDescriptor
            let childOutput = worker.output.fileHandleForWriting.fileDescriptor
            let ours = (worker.input.fileHandleForWriting.fileDescriptor, worker.output.fileHandleForReading.fileDescriptor)
            // Workers started later by exec must not inherit our ends of this worker's pipes,
            // or its input would never reach end of file.
            _ = fcntl(ours.0, F_SETFD, FD_CLOEXEC)
            _ = fcntl(ours.1, F_SETFD, FD_CLOEXEC)
            let pid = papercheck_fork_worker(childInput, childOutput, ours.0, ours.1)
            if pid == 0 { serve() }
            guard pid > 0 else { return nil }
            try? worker.input.fileHandleForReading.close()
            try? worker.output.fileHandleForWriting.close()
            worker.pid = pid
            let watcher = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                // The low 7 bits hold the signal that ended it, 0 for a normal exit (wait(2)).
                let signal = status & 0x7F
                worker.exited(signal: signal == 0 ? nil : signal, status: signal == 0 ? (status >> 8) & 0xFF : signal)
            }
            watcher.stackSize = 1 << 16
            watcher.start()
            return worker
        }

        private func exited(signal: Int32?, status: Int32) {
            exitLock.lock()
            exitSignal = signal
            exitStatus = status
            hasExited = true
            let handler = exitHandler
            exitLock.unlock()
            handler?()
        }

        /// Calls `handler` once the process has exited: now if it already has.
        func onExit(_ handler: @escaping () -> Void) {
            exitLock.lock()
            if hasExited {
                exitLock.unlock()
                handler()
                return
            }
            exitHandler = handler
            exitLock.unlock()
        }

        /// For a worker started early that the run did not need: it ends when its input closes.
        func dismiss() {
            try? input.fileHandleForWriting.close()
        }
    }

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

    /// Reads the worker's answers on a thread of its own: lines are found by scanning only the
    /// bytes that just arrived, decoded there, and handed to the queue as results.
    private func startReader(for worker: Worker) {
        let handle = worker.output.fileHandleForReading
        // The coordinator outlives its workers' readers: `run` returns only once every worker is retired.
        let coordinator = self
        let thread = Thread {
            var buffer = [UInt8]()
            var scanned = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let descriptor = handle.fileDescriptor
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                buffer.append(contentsOf: chunk[0..<count])
                while let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    scanned = 0
                    let answer = try? JSONDecoder().decode(WorkerCommand.Answer.self, from: line)
                    coordinator.queue.async { if let answer { coordinator.received(answer, from: worker) } }
                }
                scanned = buffer.count
            }
            coordinator.queue.async {
                worker.readerDone = true
                coordinator.retire(worker)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func assignNext(to worker: Worker) {
        guard stop == nil, let index = pending.popLast() else {
            try? worker.input.fileHandleForWriting.close()
            return
        }
        worker.current = (index, Date())
        let template = index < settings.imageTemplates.count ? settings.imageTemplates[index] : nil
        let thumbnails = index < settings.thumbnailTemplates.count ? settings.thumbnailTemplates[index] : nil
        let message = WorkerCommand.Request(index: index, path: paths[index], imageTemplate: template,
                                            thumbnailTemplate: thumbnails, password: settings.password,
                                            threads: settings.threadsPerWorker,
                                            authors: index < settings.authors.count ? settings.authors[index] : nil)
        var request = (try? JSONEncoder().encode(message)) ?? Data()
        request.append(UInt8(ascii: "\n"))
        do {
            try worker.input.fileHandleForWriting.write(contentsOf: request)
        } catch {
            // The worker is gone; retiring it reports the file.
        }
    }

    private func received(_ answer: WorkerCommand.Answer, from worker: Worker) {
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
        if let (index, started) = worker.current {
            worker.current = nil
            if stop == nil { report(index, failure(of: worker, on: index, started: started)) }
            // Stopped by a signal: the file was not checked, so it gets no result (a resumed run checks it).
        }
        if stop == nil, !pending.isEmpty, workers.count < settings.jobs { startWorker() }
        checkFinished()
    }

    private func failure(of worker: Worker, on index: Int, started: Date) -> FileReport {
        let path = paths[index]
        if worker.timedOut {
            let seconds = Int(Date().timeIntervalSince(started).rounded())
            return Self.failure(path, code: "timeout",
                                reason: "the PDF took longer than \(Int(settings.timeout)) s to check (stopped after \(seconds) s); it may be crafted or damaged")
        }
        guard let status = worker.exitSignal else {
            return Self.failure(path, code: "crashed", reason: "the reader stopped with exit status \(worker.exitStatus) on this PDF")
        }
        if status == SIGKILL {
            // Not sent by papercheck: the kernel's out-of-memory killer, or someone else.
            return Self.failure(path, code: "killed",
                                reason: "the worker checking this PDF was killed (signal 9) from outside papercheck, most likely by the system for lack of memory; check it alone or with --max-memory")
        }
        return Self.failure(path, code: "crashed",
                            reason: "the PDF crashed the reader: signal \(status); the file may be damaged or crafted")
    }

    private func close(_ worker: Worker) {
        try? worker.input.fileHandleForWriting.close()
        try? worker.output.fileHandleForReading.close()
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
