import Foundation
import PaperCheck
import PaperWorkers
import Prometheus

/// The server's `/metrics` (Prometheus text format, from swift-prometheus): checks by status,
/// refusals by code, check durations and upload sizes, and the pool's load at scrape time.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let pool: CheckPool
    private let checks: [FileStatus: Counter]
    private let duration: DurationHistogram
    private let uploadBytes: ValueHistogram
    private let queued: Gauge
    private let busy: Gauge
    private let workers: Gauge

    /// The refusal codes `UploadChecker` uses, each its own series from the start.
    static let refusalCodes = ["bad-form", "busy", "content-type", "empty", "internal", "not-a-pdf", "rate-limited",
                               "stopping", "too-large", "unknown-profile", "upload-timeout"]

    private static var checksName: MetricNameDescriptor { name("checks", unit: "total", help: "Uploads checked, by the file's status.") }
    private static var refusalsName: MetricNameDescriptor { name("refusals", unit: "total", help: "Uploads refused before or instead of a check, by error code.") }

    /// `papercheck_<metric>_<unit>`.
    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "papercheck", metricName: metric, unitName: unit, helpText: help)
    }

    init(pool: CheckPool) {
        self.pool = pool
        var checks: [FileStatus: Counter] = [:]
        for status in [FileStatus.pass, .warn, .fail, .error] {
            checks[status] = registry.makeCounter(descriptor: Self.checksName, labels: [("status", status.rawValue)])
        }
        self.checks = checks
        for code in Self.refusalCodes { _ = registry.makeCounter(descriptor: Self.refusalsName, labels: [("code", code)]) }
        duration = registry.makeDurationHistogram(
            descriptor: Self.name("check_duration", unit: "seconds",
                                  help: "Time from an upload's arrival in the pool to its report, queue wait included."),
            labels: [], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60].map { Duration.milliseconds(Int64($0 * 1000)) })
        uploadBytes = registry.makeValueHistogram(descriptor: Self.name("upload", unit: "bytes", help: "Sizes of the PDFs checked."),
                                                  labels: [], buckets: [1e5, 1e6, 5e6, 1e7, 2e7, 5e7])
        queued = registry.makeGauge(descriptor: Self.name("queue", unit: "length", help: "Uploads waiting for a worker."), labels: [])
        busy = registry.makeGauge(descriptor: Self.name("workers", unit: "busy", help: "Workers checking an upload now."), labels: [])
        workers = registry.makeGauge(descriptor: Self.name("workers", unit: "running", help: "Worker processes running."), labels: [])
    }

    func checked(_ status: FileStatus, duration elapsed: Duration, bytes: Int) {
        checks[status]?.increment()
        duration.record(elapsed)
        uploadBytes.record(Double(bytes))
    }

    func refused(_ code: String) {
        registry.makeCounter(descriptor: Self.refusalsName, labels: [("code", code)]).increment()
    }

    /// The exposition, with the pool's gauges read now.
    func exposition() -> [UInt8] {
        let load = pool.load
        queued.set(Double(load.queued))
        busy.set(Double(load.busy))
        workers.set(Double(load.workers))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
