import Foundation

/// `[#####.....] 12/39  3.1 files/s  ETA 9s  2 failed` on stderr, redrawn in place; only on a terminal.
struct ProgressBar {
    let total: Int
    let enabled: Bool
    private let started = Date()

    init(total: Int) {
        self.total = total
        enabled = isatty(STDERR_FILENO) != 0 && total > 1
    }

    func update(done: Int, failed: Int) {
        guard enabled else { return }
        let width = 24
        let filled = total == 0 ? width : width * done / total
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Int(min(Double(total - done) / rate, 1e9).rounded()) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "\r[%@] %d/%d  %.1f files/s  ETA %ds  %d failed ", bar, done, total, rate, eta, failed)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
