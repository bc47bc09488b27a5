/// How much a finding matters; ordered `info` < `warning` < `error`. Defined here, beside the
/// facts, so that every module (page rendering included) orders severities the same way.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    /// Worth knowing; never affects the status.
    case info
    /// Should be looked at; makes a file `warn`.
    case warning
    /// Breaks a rule; makes a file `fail`.
    case error

    /// The severity's place in the order: 0 for `info`, 1 for `warning`, 2 for `error`.
    public var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders by importance: `info` < `warning` < `error`.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A side of a page or of a text block.
public enum Side: String, Codable, Sendable, CaseIterable {
    /// The left side.
    case left
    /// The right side.
    case right
    /// The top side.
    case top
    /// The bottom side.
    case bottom
}

/// A measured or expected amount with its unit, for programs that read reports without parsing
/// message strings.
public struct Quantity: Codable, Equatable, Sendable {
    /// What a quantity counts or measures.
    public enum Unit: String, Codable, Sendable, CaseIterable {
        /// PDF points (1/72 inch).
        case pt
        /// Pages.
        case pages
        /// Bytes.
        case bytes
        /// Percent, 0 to 100.
        case percent
    }

    /// The amount, in `unit`.
    public var value: Double
    /// The unit of `value`.
    public var unit: Unit

    /// A quantity of `value` in `unit`.
    public init(_ value: Double, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }
}

/// A width and a height in PDF points, such as a page size.
public struct Dimensions: Codable, Equatable, Sendable {
    /// The width, in points.
    public var width: Double
    /// The height, in points.
    public var height: Double

    /// Dimensions of `width` by `height` points.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}
