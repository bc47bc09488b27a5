import PaperAnalysis
import PaperFacts

/// How the margin rule sees one page: what crosses the block, what may stand by its box, what the ink says.
extension ContentWithinCheck {
    enum Kind: String, CaseIterable {
        case text, image, graphics
    }

    /// Something whose box crosses the block: a word, an image or low-resolution vector ink.
    struct Candidate {
        var kind: Kind
        var box: Box
        /// Whether the box can be believed without a render: a word in a text font's box over a side
        /// edge (`Word.hasInkWideAsItsBox`), or over the bottom where its line settles it
        /// (`TextLine.mayHideInkBelow`), as far as the page's drawn extent reaches (clipped text does
        /// not); and anything on a page under one picture (a scan). Big operators, odd boxes, tops of
        /// lines, images and drawings are not believed: their ink decides.
        var trusted = false
        /// The word's index among the screen's labels (text candidates only).
        var label: Int?
    }

    /// What lies outside the block on one side of one page: one text line, one image or one group of graphics.
    struct Item {
        var page: Int
        var side: Side
        var kinds: Set<Kind>
        var box: Box
        var overflow: Double
        /// The offending words in reading order (none for graphics).
        var words: [String]
        /// Distinct text lines among the item's parts.
        var lines: Int

        var text: String { words.joined(separator: " ") }
    }

    /// One page seen through the rule: its allowed zones, what crosses the block, and what the ink says.
    struct Screen {
        let page: PageFacts
        let block: TextBlock
        let tolerance: Double
        let depth: Double
        /// The block grown by the tolerance: boxes reaching outside it are candidates.
        let inner: Box
        let allowed: [Box]
        let allowsRunningHead: Bool
        let candidates: [Candidate]
        /// The words that may label ink (those reaching out of the block), with their line and its
        /// baseline where the line has one.
        private let labels: [(word: Word, line: Int, baseline: Double?)]

        init(page: PageFacts, parameters: Parameters, analysis: DocumentAnalysis) {
            self.page = page
            block = parameters.textBlock
            tolerance = parameters.tolerance
            depth = parameters.lastLineDepth
            inner = parameters.textBlock.box.expanded(by: parameters.tolerance)
            let zones = Set(parameters.allowedZones)
            allowsRunningHead = zones.contains(.runningHead)
            let allowed = Self.allowedBoxes(on: page.number, zones: zones, analysis: analysis,
                                            block: parameters.textBlock, tolerance: parameters.tolerance)
            self.allowed = allowed
            func isAllowed(_ box: Box) -> Bool { allowed.contains { $0.contains(box) } }
            // Only words reaching out of the block can touch ink outside it, so only they are kept
            // (a page has a thousand words and a handful of these).
            var labels: [(Word, Int, Double?)] = []
            var candidates: [Candidate] = []
            let inner = self.inner, core = inner.expanded(by: -0.5)
            for (index, line) in page.lines.enumerated() where !core.contains(line.box) {
                var baseline: Double??
                for word in line.words where !core.contains(word.box) && !isAllowed(word.box) {
                    if baseline == nil { baseline = .some(line.letterBaseline) }
                    labels.append((word, index, baseline ?? nil))
                    if !inner.contains(word.box) {
                        let believed = Self.believable(word, on: line, inner: inner, drawn: page.inkBox,
                                                       bottom: parameters.textBlock.bottom, depth: depth)
                        candidates.append(Candidate(kind: .text, box: word.box, trusted: believed, label: labels.count - 1))
                    }
                }
            }
            self.labels = labels
            // A page under one picture (a scan) is judged by its boxes: its ink would take decoding the scan.
            if page.isCoveredByAnImage {
                for index in candidates.indices { candidates[index].trusted = true }
            }
            let scanned = page.isCoveredByAnImage
            let pageBox = Box(x0: 0, y0: 0, x1: page.width, y1: page.height)
            for image in page.images {
                guard let visible = image.intersection(pageBox), !inner.contains(visible), !isAllowed(visible) else { continue }
                candidates.append(Candidate(kind: .image, box: visible, trusted: scanned))
            }
            // Low-resolution ink lies on a 2 pt grid: one pixel of slack.
            // The probe looked outside the region all of the profile's blocks share, which may be
            // smaller than this rule's: only the part beyond this block is this rule's evidence.
            for probed in page.vectorInkOutside where !inner.expanded(by: 2).contains(probed) {
                let ink = Self.part(of: probed, beyond: inner)
                guard !isAllowed(ink) else { continue }
                candidates.append(Candidate(kind: .graphics, box: ink, trusted: scanned))
            }
            // A side that believed text crosses fails anyway: an image or drawing over that side only
            // would add a render (decoding every image of the page) for the same finding.
            let failing = Self.sidesCrossed(by: candidates.filter { $0.trusted && $0.kind == .text }, inner: inner,
                                            labels: labels, bottomEdge: block.bottom + tolerance)
            if !failing.isEmpty, !scanned {
                candidates.removeAll { candidate in
                    candidate.kind != .text && Self.sidesCrossed(by: [candidate], inner: inner, labels: labels,
                                                                 bottomEdge: inner.y1).isSubset(of: failing)
                }
            }
            self.candidates = candidates
        }

        /// The sides that candidates cross: by their boxes, words at the bottom by their baseline.
        static func sidesCrossed(by candidates: [Candidate], inner: Box, labels: [(word: Word, line: Int, baseline: Double?)],
                                 bottomEdge: Double) -> Set<Side> {
            var sides = Set<Side>()
            for candidate in candidates {
                let box = candidate.box
                if box.x0 < inner.x0 { sides.insert(.left) }
                if box.x1 > inner.x1 { sides.insert(.right) }
                if box.y0 < inner.y0 { sides.insert(.top) }
                let bottom = candidate.label.map { labels[$0].word.baseline } ?? box.y1
                if bottom > bottomEdge { sides.insert(.bottom) }
            }
            return sides
        }

        /// Points by which a word's box may exceed its ink across the line (side bearings).
        static let sideBearing = 1.5

        /// Whether a crossing word's box can stand for its ink (see `Candidate.trusted`).
        static func believable(_ word: Word, on line: TextLine, inner: Box, drawn: Box?, bottom: Double, depth: Double) -> Bool {
            guard let drawn, word.box.y0 >= inner.y0 else { return false }
            let box = word.box
            let sideways = box.x0 < inner.x0 || box.x1 > inner.x1, below = box.y1 > inner.y1
            let tolerance = inner.y1 - bottom
            // Over a side, a box is believed only clear of the glyphs' side bearings: a word whose
            // box barely crosses may not ink there.
            let clearly = box.x0 < inner.x0 - sideBearing || box.x1 > inner.x1 + sideBearing
            return (!sideways || (word.hasInkWideAsItsBox && clearly))
                && (!below || !line.mayHideInkBelow(bottom, depth: depth, tolerance: tolerance))
                && (box.x0 >= inner.x0 || drawn.x0 <= box.x0 + 1) && (box.x1 <= inner.x1 || drawn.x1 >= box.x1 - 1)
                && (!below || drawn.y1 >= min(box.y1, line.letterBaseline ?? word.baseline) - 1)
        }

        /// The parts of `box` outside the block grown by the tolerance, within the page.
        func partsOutside(_ box: Box) -> [Box] {
            let strips = [
                Box(x0: 0, y0: 0, x1: inner.x0, y1: page.height), Box(x0: inner.x1, y0: 0, x1: page.width, y1: page.height),
                Box(x0: inner.x0, y0: 0, x1: inner.x1, y1: inner.y0), Box(x0: inner.x0, y0: inner.y1, x1: inner.x1, y1: page.height),
            ]
            return strips.compactMap { $0.intersection(box) }
        }

        /// What lies outside the block on this page: measured on the ink where it was rendered,
        /// on the boxes otherwise (facts read without a render, as in tests built from facts).
        func items() -> [Item] {
            guard let ink = page.ink else { return group(partsFromBoxes(candidates)) }
            // Believed words that the render did not cover keep their boxes.
            let uncovered = candidates.filter { $0.trusted && !partsOutside($0.box).allSatisfy(ink.covers) }
            var parts = partsFromBoxes(uncovered)
            for mark in ink.marks where !allowed.contains(where: { $0.contains(mark) }) && !isHeadRule(mark) {
                let touching = labels.indices.filter { labels[$0].word.box.expanded(by: 0.5).intersects(mark) }
                let inImage = page.images.contains { $0.intersects(mark) }
                let kind: Kind = !touching.isEmpty || (!inImage && hangsFromTheLastLine(mark)) ? .text
                    : inImage ? .image : .graphics
                var bottom = mark.y1 - block.bottom - (kind == .text ? depth : 0)
                // A line of text below the block is measured at its baseline, like the body's last line.
                if let baseline = touching.compactMap({ labels[$0].baseline }).max() {
                    bottom = max(bottom, baseline - block.bottom)
                }
                let overflows: [(Side, Double)] = [(.left, block.left - mark.x0), (.right, mark.x1 - block.right),
                                                   (.top, block.top - mark.y0), (.bottom, bottom)]
                guard let worst = overflows.max(by: { $0.1 < $1.1 }), worst.1 > tolerance else { continue }
                // The render covers the margins of every rule of the profile; a drawing is this
                // rule's evidence only beyond its own block (a word keeps its box, as people see it).
                parts.append((worst.0, kind, kind == .text ? mark : Self.part(of: mark, beyond: inner), worst.1, touching))
            }
            return group(parts)
        }

        /// The box-based reading of some candidates: words at their baseline at the bottom edge (a
        /// sub- or superscript at its line's), images and low-resolution vector ink by their boxes.
        private func partsFromBoxes(_ chosen: [Candidate]) -> [(side: Side, kind: Kind, box: Box, overflow: Double, labels: [Int])] {
            var parts: [(side: Side, kind: Kind, box: Box, overflow: Double, labels: [Int])] = []
            func record(_ kind: Kind, _ box: Box, bottom: Double, labels: [Int], slack: Double = 0) {
                let overflows: [(Side, Double)] = [(.left, block.left - box.x0), (.right, box.x1 - block.right),
                                                   (.top, block.top - box.y0), (.bottom, bottom - block.bottom)]
                guard let worst = overflows.max(by: { $0.1 < $1.1 }), worst.1 > tolerance + slack else { return }
                parts.append((worst.0, kind, box, worst.1, labels))
            }
            for candidate in chosen {
                guard let index = candidate.label else {
                    record(candidate.kind, candidate.box, bottom: candidate.box.y1, labels: [],
                           slack: candidate.kind == .graphics ? 2 : 0)
                    continue
                }
                let label = labels[index]
                let line = page.lines[label.line]
                let main = line.words.max { $0.fontSize < $1.fontSize }
                let isScript = main.map { label.word.fontSize < $0.fontSize * 0.85 } ?? false
                // The line's letters tell its baseline best; a script hangs from its line's.
                let own = isScript ? min(label.word.baseline, main?.baseline ?? label.word.baseline) : label.word.baseline
                let bottom = label.baseline ?? own
                record(.text, label.word.box, bottom: bottom, labels: [index])
            }
            return parts
        }

        /// Joins the parts of one text line on one side (its glyph groups) into one item; images
        /// and graphics stay one item each.
        private func group(_ parts: [(side: Side, kind: Kind, box: Box, overflow: Double, labels: [Int])]) -> [Item] {
            var items: [Item] = []
            var wordsOfItem: [Set<Int>] = []
            var lineItem: [String: Int] = [:]
            for part in parts {
                let lines = Set(part.labels.map { labels[$0].line })
                let key = lines.min().map { "\(part.side.rawValue)#\($0)" }
                if let key, let index = lineItem[key] {
                    items[index].kinds.insert(part.kind)
                    items[index].box = items[index].box.union(part.box)
                    items[index].overflow = max(items[index].overflow, part.overflow)
                    wordsOfItem[index].formUnion(part.labels)
                    continue
                }
                if let key { lineItem[key] = items.count }
                items.append(Item(page: page.number, side: part.side, kinds: [part.kind], box: part.box,
                                  overflow: part.overflow, words: [], lines: max(1, lines.count)))
                wordsOfItem.append(Set(part.labels))
            }
            // The words in reading order (labels are kept in it), each once.
            for index in items.indices {
                items[index].words = wordsOfItem[index].sorted().map { labels[$0].word.text }
            }
            return items
        }

        /// Whether ink below the block continues the glyphs of the last line: it starts at the edge
        /// of the region and lies under a word of the line there. A big operator's box may sit
        /// above its ink (so no word box touches it), and its ink may hang like a descender.
        private func hangsFromTheLastLine(_ mark: Box) -> Bool {
            guard mark.y0 <= inner.y1 + 0.5, mark.y1 > inner.y1 else { return false }
            return page.lines.contains { line in
                line.box.y1 >= inner.y1 - 20 && line.box.y0 < inner.y1 && line.words.contains { word in
                    word.box.y0 < inner.y1 && word.box.y1 >= inner.y1 - 20 && word.box.x0 - 1 < mark.x1 && mark.x0 < word.box.x1 + 1
                }
            }
        }

        /// The rule of a running head whose title is empty: a thin line across most of the block's
        /// width just above it. Allowed wherever the running head is.
        private func isHeadRule(_ mark: Box) -> Bool {
            allowsRunningHead && mark.height <= 2 && mark.width >= 0.8 * (block.right - block.left)
                && mark.y1 <= block.top && mark.y0 >= block.top - 20
        }

        /// The part of `box` beyond `inner` when it crosses one side only (a drawing over the left
        /// edge, cut at that edge); the whole box when it crosses several.
        static func part(of box: Box, beyond inner: Box) -> Box {
            let crossings = [box.x0 < inner.x0, box.x1 > inner.x1, box.y0 < inner.y0, box.y1 > inner.y1]
            guard crossings.filter({ $0 }).count == 1 else { return box }
            var part = box
            if crossings[0] { part.x1 = min(part.x1, inner.x0) }
            if crossings[1] { part.x0 = max(part.x0, inner.x1) }
            if crossings[2] { part.y1 = min(part.y1, inner.y0) }
            if crossings[3] { part.y0 = max(part.y0, inner.y1) }
            return part
        }

        static func allowedBoxes(on page: Int, zones: Set<ContentWithinCheck.Zone>, analysis: DocumentAnalysis, block: TextBlock,
                                 tolerance: Double) -> [Box] {
            var boxes: [Box] = []
            if zones.contains(.lineNumbers) {
                boxes += analysis.lineNumbers.gutters.filter { $0.page == page }.map { $0.box.expanded(by: 2) }
            }
            if zones.contains(.runningHead) {
                // The head, the rule under it, and the band between the rule and the block (where
                // a float at the top of the page may start), across the block's width.
                boxes += analysis.runningHeads.filter { $0.page == page }.map { head in
                    Box(x0: min(block.left, head.box.x0) - tolerance, y0: head.box.y0 - 2,
                        x1: max(block.right, head.box.x1) + tolerance, y1: max(block.top, head.box.y1) + 1)
                }
            }
            return boxes
        }
    }
}
