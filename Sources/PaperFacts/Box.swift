/// A rectangle in PDF points with the origin at the top-left corner of the page as displayed
/// (rotation applied) and y growing downwards, the way a reader looks at the page.
public struct Box: Codable, Equatable, Hashable, Sendable {
    /// Left edge, in points from the page's left side.
    public var x0: Double
    /// Top edge, in points from the page's top side.
    public var y0: Double
    /// Right edge, in points from the page's left side; never less than `x0`.
    public var x1: Double
    /// Bottom edge, in points from the page's top side; never less than `y0`.
    public var y1: Double

    /// Makes a box from two corners in any order: the smaller coordinates become `x0`/`y0`.
    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = min(x0, x1)
        self.y0 = min(y0, y1)
        self.x1 = max(x0, x1)
        self.y1 = max(y0, y1)
    }

    /// Horizontal extent in points.
    public var width: Double { x1 - x0 }
    /// Vertical extent in points.
    public var height: Double { y1 - y0 }
    /// Horizontal centre in points.
    public var midX: Double { (x0 + x1) / 2 }
    /// Vertical centre in points.
    public var midY: Double { (y0 + y1) / 2 }
    /// Area in square points.
    public var area: Double { width * height }

    /// The smallest box holding both boxes.
    public func union(_ other: Box) -> Box {
        Box(x0: Swift.min(x0, other.x0), y0: Swift.min(y0, other.y0),
            x1: Swift.max(x1, other.x1), y1: Swift.max(y1, other.y1))
    }

    /// Whether the boxes overlap with positive area; boxes that only touch at an edge do not.
    public func intersects(_ other: Box) -> Bool {
        x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1
    }

    /// The overlapping part of the two boxes, or nil when they do not overlap (see `intersects`).
    public func intersection(_ other: Box) -> Box? {
        guard intersects(other) else { return nil }
        return Box(x0: Swift.max(x0, other.x0), y0: Swift.max(y0, other.y0),
                   x1: Swift.min(x1, other.x1), y1: Swift.min(y1, other.y1))
    }

    /// Whether `other` lies entirely inside this box, edges included.
    public func contains(_ other: Box) -> Bool {
        other.x0 >= x0 && other.x1 <= x1 && other.y0 >= y0 && other.y1 <= y1
    }

    /// The box grown by `amount` points on every side (shrunk for a negative amount).
    public func expanded(by amount: Double) -> Box {
        Box(x0: x0 - amount, y0: y0 - amount, x1: x1 + amount, y1: y1 + amount)
    }

    /// The smallest box holding all of `boxes`, or nil for none.
    public static func enclosing<S: Sequence>(_ boxes: S) -> Box? where S.Element == Box {
        boxes.reduce(nil) { partial, box in partial?.union(box) ?? box }
    }
}

/// A colour in device RGB, each channel 0...1.
public struct RGBColor: Codable, Equatable, Hashable, Sendable {
    /// Red channel, 0...1.
    public var red: Double
    /// Green channel, 0...1.
    public var green: Double
    /// Blue channel, 0...1.
    public var blue: Double

    /// Makes a colour from channels in 0...1.
    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Pure black, the colour assumed for text without a colour attribute.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)

    /// Whether the colour is close enough to white to be invisible on a white page.
    public var isNearWhite: Bool { red > 0.97 && green > 0.97 && blue > 0.97 }

    /// The colour as `#rrggbb` in lowercase hex, channels clamped to 0...1.
    public var hex: String {
        func byte(_ channel: Double) -> Int { Int((max(0, min(1, channel)) * 255).rounded()) }
        let digits = [byte(red), byte(green), byte(blue)].map { value -> String in
            let text = String(value, radix: 16)
            return text.count == 1 ? "0" + text : text
        }
        return "#" + digits.joined()
    }
}
