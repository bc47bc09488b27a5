import CProcessShims
import Foundation

/// One worker process (`papercheck worker`) and its bookkeeping. Touched only on its owner's queue
/// (a batch's `BatchCoordinator`, the server's `CheckPool`), except `output`, which only its
/// reader thread reads, and the exit hand-over, which is locked.
public final class WorkerProcess: @unchecked Sendable {
    /// The environment variable through which a coordinator tells its workers its process id.
    public static let coordinatorVariable = "PAPERCHECK_COORDINATOR_PID"

    /// Requests go in here (its stdin)...
    public let input = Pipe()
    /// ...and answers come out here (its stdout).
    public let output = Pipe()
    /// The process id, once started.
    public private(set) var pid: pid_t = 0
    /// The request it is checking: its index and when it was sent.
    public var current: (index: Int, started: Date)?
    /// Killed by its owner for taking longer than the timeout.
    public var timedOut = false
    /// The process has exited, and its reader has read every answer: both before it is retired.
    public var exited = false
    /// Its reader has seen the end of its output.
    public var readerDone = false
    /// How the process ended: the signal that killed it, or nil and its exit status.
    public private(set) var exitSignal: Int32?
    /// The exit status, or the signal number when `exitSignal` is set.
    public private(set) var exitStatus: Int32 = 0
    private var process: Process?
    private let exitLock = NSLock()
    private var hasExited = false
    private var exitHandler: (() -> Void)?

    /// Starts `papercheck worker` with `arguments` (exec of this binary). Its stderr is
    /// discarded: what goes wrong with a file is its result.
    public static func launch(arguments: [String]) throws -> WorkerProcess {
        let worker = WorkerProcess()
        var environment = ProcessInfo.processInfo.environment
        environment[Self.coordinatorVariable] = String(getpid())
        // A crashing worker's result is its file's; the Swift runtime's backtrace of it would go
        // to a discarded stderr after a second or more of symbolication.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["worker"] + arguments
        process.standardInput = worker.input
        process.standardOutput = worker.output
        process.standardError = FileHandle.nullDevice
        process.environment = environment
        // Set before the start, so that an exit is never missed; handed to whoever adopts the worker.
        process.terminationHandler = { process in
            worker.exited(signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil,
                          status: process.terminationStatus)
        }
        _ = closedAboveLimit
        // Started from one thread that lives as long as the process: the kernel's parent-death
        // signal follows the thread that started a child, and a dispatch thread may end any time.
        try SpawningThread.shared.perform { try process.run() }
        worker.process = process
        worker.pid = process.processIdentifier
        return worker
    }

    /// Descriptors inherited above the open-file limit (a parent that lowered `ulimit -n` after
    /// opening them, or a test runner's pipes caught mid-spawn) make every start fail: Foundation
    /// has the child close each descriptor up to the highest open one, and glibc refuses one past
    /// the limit with EBADF. They are the parent's leftovers, numbers this process could not open
    /// itself, so they are closed once, before the first start.
    private static let closedAboveLimit: Void = {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < 1 << 20,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in entries.compactMap(Int32.init) where rlim_t(descriptor) >= limit.rlim_cur {
            close(descriptor)
        }
    }()

    /// Forks this process into a worker that runs `serve` and never returns, saving the exec,
    /// the dynamic loading and the Swift runtime's start (about 12 ms of a one-file run).
    /// Only while this process has a single thread: no other thread can then hold a lock
    /// (malloc's, the Swift runtime's) that the child would inherit locked. Nil otherwise.
    /// In the child, `serve` runs on a thread created after the fork, never on the main thread.
    public static func fork(serve: () -> Never) -> WorkerProcess? {
        guard papercheck_thread_count() == 1 else { return nil }
        let worker = WorkerProcess()
        let childInput = worker.input.fileHandleForReading.fileDescriptor
        let childOutput = worker.output.fileHandleForWriting.fileDescriptor
        let ours = (worker.input.fileHandleForWriting.fileDescriptor, worker.output.fileHandleForReading.fileDescriptor)
        // Workers started later by exec must not inherit our ends of this worker's pipes,
        // or its input would never reach end of file.
        _ = fcntl(ours.0, F_SETFD, FD_CLOEXEC)
        _ = fcntl(ours.1, F_SETFD, FD_CLOEXEC)
        let pid = papercheck_fork_worker(childInput, childOutput, ours.0, ours.1)
        if pid == 0 { serveOnFreshThread(serve) }
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

    /// The child's work runs on a thread of its own (see `papercheck_serve_on_fresh_thread` for
    /// why the main thread of a forked child only waits).
    private static func serveOnFreshThread(_ serve: () -> Never) -> Never {
        withoutActuallyEscaping(serve) { serve in
            let body = Unmanaged.passRetained(ForkedBody(serve)).toOpaque()
            papercheck_serve_on_fresh_thread({ context in
                // Debug builds (the tests) stop at once if the fork's main thread would serve: it
                // would hang on the first contended runtime lock, but only now and then.
                assert(papercheck_on_main_thread() != 1, "a forked worker serves on its main thread")
                Unmanaged<ForkedBody>.fromOpaque(context!).takeUnretainedValue().run()
            }, body)
        }
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
    public func onExit(_ handler: @escaping () -> Void) {
        exitLock.lock()
        if hasExited {
            exitLock.unlock()
            handler()
            return
        }
        exitHandler = handler
        exitLock.unlock()
    }

    /// Sends one request line; false when the worker is gone (retiring it reports the request).
    @discardableResult
    public func send(_ request: WorkerRequest) -> Bool {
        var line = (try? JSONEncoder().encode(request)) ?? Data()
        line.append(UInt8(ascii: "\n"))
        return (try? input.fileHandleForWriting.write(contentsOf: line)) != nil
    }

    /// Reads the worker's answers on a thread of its own: lines are found by scanning only the
    /// bytes that just arrived, and decoded there, so a huge answer costs its own reader time and
    /// nobody else's. `answered` gets each answer, `ended` is called once output closes.
    public func startReading(answered: @escaping @Sendable (WorkerAnswer) -> Void, ended: @escaping @Sendable () -> Void) {
        let descriptor = output.fileHandleForReading.fileDescriptor
        let thread = Thread {
            var buffer = [UInt8]()
            var scanned = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                buffer.append(contentsOf: chunk[0..<count])
                while let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    scanned = 0
                    if let answer = try? JSONDecoder().decode(WorkerAnswer.self, from: line) { answered(answer) }
                }
                scanned = buffer.count
            }
            ended()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Closes this side's pipe ends.
    public func closePipes() {
        try? input.fileHandleForWriting.close()
        try? output.fileHandleForReading.close()
    }

    /// For a worker started early that the run did not need: it ends when its input closes.
    public func dismiss() {
        try? input.fileHandleForWriting.close()
    }
}

/// A thread that lives as long as the process and runs what it is handed, one thing at a time:
/// workers are started here so that their parent-death signal (PR_SET_PDEATHSIG, which follows
/// the starting thread, not the process) fires only when this process ends.
final class SpawningThread: @unchecked Sendable {
    static let shared = SpawningThread()

    private let condition = NSCondition()
    private var work: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in
            while true {
                condition.lock()
                while work.isEmpty { condition.wait() }
                let next = work.removeFirst()
                condition.unlock()
                next()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs `body` on the thread and waits for it.
    func perform<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        var result: Result<T, Error>!
        condition.lock()
        work.append {
            result = Result { try body() }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return try result.get()
    }
}

/// A forked child's work, carried to the thread that runs it.
private final class ForkedBody {
    let run: () -> Never
    init(_ run: @escaping () -> Never) { self.run = run }
}
