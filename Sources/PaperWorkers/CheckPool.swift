import Foundation
import PaperCheck

/// A long-lived pool of worker processes for a server: each request is checked in a worker of
/// its own, with the same timeout, memory cap and crash isolation as a batch, and waits in a
/// bounded queue. A full queue refuses at once (`Refusal.busy`), never builds a backlog.
///
/// Control (requests in, answers out, worker exits, the timeout timer) runs on one serial queue;
/// answers are read on each worker's own reader thread.
public final class CheckPool: @unchecked Sendable {
    /// How many workers, how long a check may take, how many may wait.
    public struct Settings: Sendable {
        /// Worker processes, each checking one request at a time.
        public var jobs: Int
        /// Seconds one request may take in its worker before the worker is killed.
        public var timeout: TimeInterval
        /// Requests that may wait for a worker; more are refused as busy.
        public var maxQueued: Int
        /// The `papercheck worker` arguments (rules, memory cap).
        public var workerArguments: [String]

        /// Settings from their values.
        public init(jobs: Int, timeout: TimeInterval, maxQueued: Int, workerArguments: [String]) {
            self.jobs = jobs
            self.timeout = timeout
            self.maxQueued = maxQueued
            self.workerArguments = workerArguments
        }
    }

    /// Why a request was not checked.
    public enum Refusal: Error, Equatable {
        /// Every worker is busy and the queue is full: try again after `retryAfter` seconds.
        case busy(retryAfter: Int)
        /// The pool is shutting down.
        case stopped
    }

    /// What the pool is doing now, for health checks and metrics.
    public struct Load: Sendable, Equatable {
        /// Worker processes running.
        public var workers: Int
        /// Workers checking a request.
        public var busy: Int
        /// Requests waiting for a worker.
        public var queued: Int
    }

    private struct Waiting {
        var id: Int
        var request: WorkerRequest
        var continuation: CheckedContinuation<FileReport, Error>
    }

    private let settings: Settings
    private let queue = DispatchQueue(label: "papercheck.pool")
    // State below is touched only on `queue`.
    private var waiting: [Waiting] = []
    private var running: [Int: (request: WorkerRequest, continuation: CheckedContinuation<FileReport, Error>)] = [:]
    private var workers: [WorkerProcess] = []
    private var nextID = 0
    private var stopped = false
    private var failedStarts = 0
    /// Seconds a check took, smoothed; for the busy answer's Retry-After.
    private var typicalSeconds = 2.0
    private var timer: DispatchSourceTimer?

    /// Starts `settings.jobs` workers and the timeout timer.
    public init(settings: Settings) {
        self.settings = settings
        queue.sync {
            for _ in 0..<max(1, settings.jobs) { startWorker() }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + 0.2, repeating: 0.2)
            timer.setEventHandler { [weak self] in self?.enforceTimeouts() }
            timer.resume()
            self.timer = timer
        }
    }

    /// Checks `request` (its `index` is ignored) in a worker; throws `Refusal` when busy or stopped.
    public func check(_ request: WorkerRequest) async throws -> FileReport {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard !self.stopped else { return continuation.resume(throwing: Refusal.stopped) }
                let idle = self.workers.filter { $0.current == nil }.count
                if idle == 0 && self.waiting.count >= self.settings.maxQueued {
                    return continuation.resume(throwing: Refusal.busy(retryAfter: self.retryAfter))
                }
                self.nextID += 1
                var request = request
                request.index = self.nextID
                self.waiting.append(Waiting(id: self.nextID, request: request, continuation: continuation))
                self.dispatch()
            }
        }
    }

    /// The load now.
    public var load: Load {
        queue.sync {
            Load(workers: workers.count, busy: workers.filter { $0.current != nil }.count, queued: waiting.count)
        }
    }

    /// Kills the workers; waiting and running requests are refused as stopped.
    public func shutdown() {
        queue.sync {
            stopped = true
            timer?.cancel()
            for worker in workers { kill(worker.pid, SIGKILL) }
            for item in waiting { item.continuation.resume(throwing: Refusal.stopped) }
            waiting.removeAll()
            for (_, job) in running { job.continuation.resume(throwing: Refusal.stopped) }
            running.removeAll()
        }
    }

    /// Seconds until a slot is likely free: the work ahead spread over the workers.
    private var retryAfter: Int {
        let ahead = Double(waiting.count + running.count) / Double(max(1, settings.jobs))
        return max(1, min(120, Int((ahead * typicalSeconds).rounded(.up))))
    }

    private func dispatch() {
        for worker in workers where worker.current == nil {
            guard !waiting.isEmpty else { return }
            let next = waiting.removeFirst()
            running[next.id] = (next.request, next.continuation)
            worker.current = (next.id, Date())
            worker.send(next.request)
        }
    }

    private func startWorker() {
        guard !stopped else { return }
        let worker: WorkerProcess
        do {
            worker = try WorkerProcess.launch(arguments: settings.workerArguments)
        } catch {
            failedStarts += 1
            if workers.isEmpty && failedStarts >= 3 {
                let reason = "could not start a worker process (\(error.localizedDescription))"
                for item in waiting {
                    item.continuation.resume(returning: WorkerFailure.report(item.request.path, code: "worker", reason: reason))
                }
                waiting.removeAll()
            }
            // Tried again when the next request comes.
            queue.asyncAfter(deadline: .now() + 1) { [weak self] in
                guard let self, self.workers.count < self.settings.jobs else { return }
                self.startWorker()
            }
            return
        }
        failedStarts = 0
        workers.append(worker)
        // The pool lives as long as the server; its workers' callbacks may hold it.
        let pool = self
        worker.onExit {
            pool.queue.async {
                worker.exited = true
                pool.retire(worker)
            }
        }
        worker.startReading(answered: { answer in
            pool.queue.async { pool.received(answer, from: worker) }
        }, ended: {
            pool.queue.async {
                worker.readerDone = true
                pool.retire(worker)
            }
        })
        dispatch()
    }

    private func received(_ answer: WorkerAnswer, from worker: WorkerProcess) {
        guard let current = worker.current, current.index == answer.index,
              let job = running.removeValue(forKey: answer.index) else { return }
        worker.current = nil
        typicalSeconds = 0.8 * typicalSeconds + 0.2 * Date().timeIntervalSince(current.started)
        job.continuation.resume(returning: answer.report)
        dispatch()
    }

    /// A worker that exited (a crash, a timeout, a kill) answers for its request and is replaced.
    private func retire(_ worker: WorkerProcess) {
        guard worker.exited, worker.readerDone, workers.contains(where: { $0 === worker }) else { return }
        workers.removeAll { $0 === worker }
        worker.closePipes()
        if let (id, started) = worker.current, let job = running.removeValue(forKey: id) {
            worker.current = nil
            job.continuation.resume(returning: WorkerFailure.report(for: worker, path: job.request.path, started: started,
                                                                    timeout: settings.timeout))
        }
        if workers.count < settings.jobs { startWorker() }
    }

    private func enforceTimeouts() {
        for worker in workers {
            guard let current = worker.current, !worker.timedOut,
                  Date().timeIntervalSince(current.started) > settings.timeout else { continue }
            worker.timedOut = true
            kill(worker.pid, SIGKILL)
        }
    }
}
