import PaperFacts

extension ContentWithinCheck {
    /// Turns the items of all pages into outcomes, one per cause: page numbers and other furniture
    /// repeated on several pages, a text block that differs on many pages, then per page and side.
    struct Folding {
        let parameters: Parameters

        /// Pages in the document, which bounds how many a different block can show on.
        let pageCount: Int

        func outcomes(for items: [Item]) -> [CheckOutcome] {
            var used = [Bool](repeating: false, count: items.count)
            var outcomes: [CheckOutcome] = []
            func take(_ indices: [Int]) -> [Item] {
                for index in indices { used[index] = true }
                return indices.map { items[$0] }
            }

            // A short paper shows a different block on fewer pages: half of them, two at least.
            let linesNeeded = parameters.geometryLines
            let pagesNeeded = min(parameters.geometryPages, max(2, pageCount / 2))

            // Page numbers: short numbers in the top or bottom margin of two or more pages.
            for side in [Side.top, .bottom] {
                let numbers = items.indices.filter { !used[$0] && items[$0].side == side && items[$0].kinds == [.text]
                    && Self.isPageNumber(items[$0].text) }
                guard Set(numbers.map { items[$0].page }).count >= 2 else { continue }
                outcomes.append(folded(take(numbers), variant: .pageNumbers))
            }
            // A different text block: on many pages, many text lines or a large object (a scan's
            // page image, another template's header rule) over the same edge. Everything else on
            // that edge, headers and footers of that template included, belongs to the same cause.
            let geometrySides = Side.allCases.filter { side in
                var weight: [Int: Int] = [:]
                for index in items.indices where !used[index] && items[index].side == side {
                    weight[items[index].page, default: 0] += weightTowardsGeometry(items[index])
                }
                return weight.values.filter { $0 >= linesNeeded }.count >= pagesNeeded
            }
            if !geometrySides.isEmpty {
                let indices = items.indices.filter { !used[$0] && geometrySides.contains(items[$0].side) }
                outcomes.append(folded(take(indices), variant: .geometry, sides: geometrySides, local: false))
            }
            // The same furniture (a footer, a stamp, a logo) at the same place on two or more pages.
            var repeated: [String: [Int]] = [:]
            for index in items.indices where !used[index] {
                guard let key = Self.furnitureKey(items[index]) else { continue }
                repeated[key, default: []].append(index)
            }
            for indices in repeated.values.sorted(by: { $0[0] < $1[0] })
                where Set(indices.map { items[$0].page }).count >= 2 {
                outcomes.append(folded(take(indices), variant: .repeated))
            }
            // The rest: one outcome per page and side.
            var perPage: [String: [Int]] = [:]
            var order: [String] = []
            for index in items.indices where !used[index] {
                let key = "\(items[index].page)#\(items[index].side.rawValue)"
                if perPage[key] == nil { order.append(key) }
                perPage[key, default: []].append(index)
            }
            for key in order {
                outcomes.append(single(perPage[key, default: []].map { items[$0] }))
            }
            return outcomes.sorted { ($0.page ?? 0, Self.sideRank($0)) < ($1.page ?? 0, Self.sideRank($1)) }
        }

        /// How much an item says that the block itself differs: a text line or a piece of ink
        /// counts one, an object that covers a quarter of the edge or more a whole page's worth.
        private func weightTowardsGeometry(_ item: Item) -> Int {
            let block = parameters.textBlock
            let along = item.side == .left || item.side == .right ? item.box.height / (block.bottom - block.top)
                : item.box.width / (block.right - block.left)
            let large = along >= 0.25 && (item.kinds.contains(.image) || item.kinds.contains(.graphics))
            return large ? parameters.geometryLines : item.lines
        }

        private func single(_ group: [Item]) -> CheckOutcome {
            let first = group[0]
            let worst = group.map(\.overflow).max() ?? 0
            let words = group.flatMap(\.words).prefix(12).joined(separator: " ")
            var values = commonValues(group, worst: worst)
            values["side"] = first.side.rawValue
            values["edge"] = Format.points(edge(first.side))
            return CheckOutcome(severity: severity(worst), values: values, page: first.page,
                                box: Box.enclosing(group.map(\.box)), text: words.isEmpty ? nil : words,
                                measured: Quantity(worst, .pt), expected: Quantity(parameters.tolerance, .pt), side: first.side)
        }

        private func folded(_ group: [Item], variant: Variant, sides: [Side]? = nil, local: Bool = true) -> CheckOutcome {
            let worst = group.map(\.overflow).max() ?? 0
            let pages = Array(Set(group.map(\.page))).sorted()
            let sideList = (sides ?? Array(Set(group.map(\.side)))).sorted { Self.rank($0) < Self.rank($1) }
            let sideNames = sideList.map(\.rawValue)
            var values = commonValues(group, worst: worst)
            values["side"] = sideNames.joined(separator: " and ")
            values["edges"] = sideNames.count == 1 ? "\(sideNames[0]) edge"
                : sideNames.dropLast().joined(separator: ", ") + " and \(sideNames[sideNames.count - 1]) edges"
            values["edge"] = sideNames.count == 1 ? Format.points(edge(Side(rawValue: sideNames[0]) ?? .bottom)) : "-"
            values["pages"] = PageList.text(pages)
            values["pageCount"] = "\(pages.count)"
            let firstPage = group.filter { $0.page == pages[0] }
            let occurrences = group.sorted { ($0.page, $0.box.y0) < ($1.page, $1.box.y0) }.map { item in
                Occurrence(page: item.page, box: item.box, text: item.text.isEmpty ? nil : String(item.text.prefix(120)),
                           measured: "\(Format.points(item.overflow)) pt \(item.side.rawValue)")
            }
            let text = firstPage.flatMap(\.words).prefix(12).joined(separator: " ")
            return CheckOutcome(variant: variant, severity: local ? severity(worst) : nil, values: values, page: pages[0],
                                pages: pages, box: Box.enclosing(firstPage.map(\.box)), text: text.isEmpty ? nil : text,
                                occurrences: occurrences, measured: Quantity(worst, .pt), expected: Quantity(parameters.tolerance, .pt),
                                side: sideList.count == 1 ? sideList[0] : nil)
        }

        private func commonValues(_ group: [Item], worst: Double) -> [String: String] {
            let kinds = Kind.allCases.filter { kind in group.contains { $0.kinds.contains(kind) } }.map(\.rawValue)
            let block = parameters.textBlock
            return ["what": kinds.joined(separator: ", ").capitalizedFirst, "overflow": Format.points(worst),
                    "page": "\(group[0].page)", "tolerance": Format.points(parameters.tolerance), "items": "\(group.count)",
                    "block": "\(Format.points(block.right - block.left)) x \(Format.points(block.bottom - block.top)) pt"]
        }

        /// The local severity for an overflow up to `localOverflow`; nil (the rule's) beyond it.
        private func severity(_ overflow: Double) -> Severity? {
            guard let local = parameters.localOverflow, overflow <= local else { return nil }
            return parameters.localSeverity
        }

        private func edge(_ side: Side) -> Double {
            let block = parameters.textBlock
            switch side {
            case .left: return block.left
            case .right: return block.right
            case .top: return block.top
            case .bottom: return block.bottom
            }
        }

        /// Page numbers as templates print them: `3`, `iv`, `- 3 -`, `Page 3`, `3 of 12`.
        static func isPageNumber(_ text: String) -> Bool {
            let words = text.lowercased().split(separator: " ").filter { $0 != "-" && $0 != "–" && $0 != "page" && $0 != "of" }
            guard !words.isEmpty, words.count <= 2 else { return false }
            return words.allSatisfy { word in
                (word.count <= 4 && word.allSatisfy(\.isNumber))
                    || (word.count <= 5 && word.allSatisfy { "ivxlc".contains($0) })
            }
        }

        /// Items alike enough to be the same furniture on every page: side, kind, position and
        /// text with its digits ignored (a stamp's record number, a footer's page).
        static func furnitureKey(_ item: Item) -> String? {
            let bucket = { (value: Double) in Int((value / 4).rounded()) }
            if item.kinds == [.text] {
                let normalized = String(item.text.lowercased().map { $0.isNumber ? "#" : $0 })
                guard normalized.count >= 4 else { return nil }
                return "text|\(item.side.rawValue)|\(bucket(item.box.midY))|\(normalized)"
            }
            let box = item.box
            return "ink|\(item.side.rawValue)|\(item.kinds.map(\.rawValue).sorted())|\(bucket(box.x0)),\(bucket(box.y0)),\(bucket(box.x1)),\(bucket(box.y1))"
        }

        private static func rank(_ side: Side) -> Int { Side.allCases.firstIndex(of: side) ?? 0 }

        private static func sideRank(_ outcome: CheckOutcome) -> Int {
            rank(Side(rawValue: outcome.values["side"]?.split(separator: " ").first.map(String.init) ?? "") ?? .left)
        }
    }
}
