import PaperFacts

/// One of the four margins around the probe region.
enum MarginSide: CaseIterable, Sendable {
    case left, right, top, bottom
}

/// Decides from cheap facts (the words, the ink bounding box and, once mapped, the image boxes)
/// which margins of a page need the expensive passes: mapping the images and rendering.
///
/// Rendering costs a full pass that also decodes every image on the page, so it is spent only
/// where it can change what the margin check finds on a side:
/// - the ink reaches further out on that side than any word or image (unexplained ink), or
/// - nothing on that side is out of bounds yet, but furniture (line numbers, page numbers) explains
///   the ink's extent there: vector graphics could sit in the gap between furniture and text block.
/// A side where text or an image already lies out of bounds fails whatever else is there, and its
/// outermost ink is explained, so rendering it could only add detail to the same finding.
struct MarginProbePlan {
    /// Points by which ink may pass the region or an explaining box before it counts (rounding of
    /// the bounding-box pass, glyph overhang).
    static let slack = 1.0

    let region: Box
    let ink: Box
    let words: [Word]
    /// Points by which `ink` may pass the ink itself: none for poppler's bounding-box pass, a pixel
    /// for an extent read from a render's pixels, whose edges are rounded outwards and count a
    /// glyph's antialiased fringe. A side is judged as the bounding box would judge it.
    var inkOvershoot = 0.0

    /// The slack for comparisons with `ink`.
    private var inkSlack: Double { Self.slack + inkOvershoot }

    /// Sides where the ink bounding box reaches past the region.
    var sidesWithInkOutside: [MarginSide] {
        MarginSide.allCases.filter { Self.reach(of: ink, on: $0) > Self.reach(of: region, on: $0) + inkSlack }
    }

    /// Sides where the ink reaches further out than any of these images and the words.
    func unexplainedSides(images: [Box]) -> [MarginSide] {
        sidesWithInkOutside.filter { side in
            !words.contains { reachesInk($0.box, on: side) } && !images.contains { reachesInk($0, on: side) }
        }
    }

    /// Sides whose ink extent only furniture reaches, while nothing on that side is out of bounds:
    /// vector graphics could sit in the gap between the furniture and the text block.
    func furnitureGapSides(images: [Box]) -> [MarginSide] {
        sidesWithInkOutside.filter { side in
            let explainingWords = words.filter { reachesInk($0.box, on: side) }
            return !explainingWords.isEmpty && explainingWords.allSatisfy { Self.isFurniture($0.text) }
                && !images.contains { reachesInk($0, on: side) }
                && Self.nothingOutOfBounds(on: side, of: region, words: words, images: images)
        }
    }

    /// Sides to render, given the page's image boxes: unexplained ink and furniture gaps.
    func sidesToRender(images: [Box]) -> [MarginSide] {
        let chosen = Set(unexplainedSides(images: images) + furnitureGapSides(images: images))
        return MarginSide.allCases.filter(chosen.contains)
    }

    /// Whether the words alone show furniture outside the region (line numbers, page numbers) on a
    /// side where nothing else is out of bounds: the margins of such a page, and likely of the rest
    /// of its document, need a render whatever the ink box says.
    static func suggestsRenderingFirst(words: [Word], region: Box) -> Bool {
        MarginSide.allCases.contains { side in
            let regionReach = reach(of: region, on: side)
            return words.contains { isFurniture($0.text) && reach(of: $0.box, on: side) > regionReach }
                && nothingOutOfBounds(on: side, of: region, words: words, images: [])
        }
    }

    /// Whether the text alone shows something outside the region that only the ink can judge: a word
    /// that crosses it and is not a short number (a line or page number), not on a centred line above
    /// the region (a running head, likely allowed), and not text whose box can stand for its ink (letters
    /// or digits over a side edge, plain text over the bottom).
    /// The margin check will want such a page's ink, so its margins are rendered finely at once, and
    /// the bounding-box pass is not needed.
    static func wantsFineInk(lines: [TextLine], region: Box, pageWidth: Double, depth: Double) -> Bool {
        lines.contains { line in
            guard !region.contains(line.box) else { return false }
            let mayBeHead = line.box.y1 <= region.y0 && abs(line.box.midX - pageWidth / 2) < pageWidth * 0.08
            guard !mayBeHead else { return false }
            // Text whose box can stand for its ink is judged by its box (the bounding-box pass tells
            // whether it is drawn), so it needs no render of its own.
            var bottomChecked = false
            return line.words.contains { word in
                let box = word.box
                guard !region.contains(box), !isFurniture(word.text) else { return false }
                let sideways = box.x0 < region.x0 || box.x1 > region.x1
                let clearly = box.x0 < region.x0 - 1.5 || box.x1 > region.x1 + 1.5
                if box.y0 < region.y0 || (sideways && !(word.hasInkWideAsItsBox && clearly)) { return true }
                guard box.y1 > region.y1, !bottomChecked else { return false }
                bottomChecked = true
                return line.mayHideInkBelow(region.y1, depth: depth, tolerance: 0)
            }
        }
    }

    /// The four margins around `region`, without overlaps: the side strips full height, the top and
    /// bottom ones between them.
    static func margins(outside region: Box, pageWidth width: Double, pageHeight height: Double) -> [Box] {
        [Box(x0: 0, y0: 0, x1: region.x0, y1: height), Box(x0: region.x1, y0: 0, x1: width, y1: height),
         Box(x0: region.x0, y0: 0, x1: region.x1, y1: region.y0), Box(x0: region.x0, y0: region.y1, x1: region.x1, y1: height)]
            .filter { $0.width > 0 && $0.height > 0 }
    }

    /// The strip of the page outside `region` on `side`, corners included.
    static func strip(_ side: MarginSide, outside region: Box, pageWidth width: Double, pageHeight height: Double) -> Box {
        switch side {
        case .left: Box(x0: 0, y0: 0, x1: region.x0, y1: height)
        case .right: Box(x0: region.x1, y0: 0, x1: width, y1: height)
        case .top: Box(x0: 0, y0: 0, x1: width, y1: region.y0)
        case .bottom: Box(x0: 0, y0: region.y1, x1: width, y1: height)
        }
    }

    /// Whether a box reaches as far out on `side` as the ink does.
    private func reachesInk(_ box: Box, on side: MarginSide) -> Bool {
        Self.reach(of: box, on: side) >= Self.reach(of: ink, on: side) - inkSlack
    }

    /// No word or image out of bounds on `side` the way the margin check measures it: words at
    /// their baseline at the bottom, and furniture (line numbers, page numbers) never counts.
    private static func nothingOutOfBounds(on side: MarginSide, of region: Box, words: [Word], images: [Box]) -> Bool {
        let regionReach = reach(of: region, on: side)
        return !words.contains { word in
            guard !isFurniture(word.text) else { return false }
            return side == .bottom ? word.baseline > region.y1 : reach(of: word.box, on: side) > regionReach
        } && !images.contains { reach(of: $0, on: side) > regionReach + slack }
    }

    /// Short runs of digits: line numbers and page numbers.
    static func isFurniture(_ text: String) -> Bool {
        text.utf8.count <= 4 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// How far a box extends towards `side`, as a number that grows outwards.
    private static func reach(of box: Box, on side: MarginSide) -> Double {
        switch side {
        case .left: -box.x0
        case .right: box.x1
        case .top: -box.y0
        case .bottom: box.y1
        }
    }
}
