import CLibXML2

// TimelineJS headlines, texts, captions and credits are HTML. They become plain text here,
// parsed by libxml2's HTML parser (which copes with the HTML people really write: unclosed
// tags, stray entities), never by pattern matching: paragraphs and list items keep their
// lines, links keep their URLs as numbered footnotes, entities are decoded. The text is the
// model's like any other, so it reaches a terminal only through `TerminalText.sanitize`.

/// HTML turned into text.
enum HTMLText {
    /// How the text is laid out.
    enum Layout {
        /// Paragraphs separated by a blank line, line breaks and list items on lines of their
        /// own, link footnotes on lines at the end: a text or a summary.
        case paragraphs
        /// One line (breaks become spaces, footnotes follow the text): a headline, a caption,
        /// a credit, a name.
        case line
    }

    /// The text of `html`: "<p>Born in <a href="…">New Jersey</a>&nbsp;…</p>" becomes
    /// "Born in New Jersey[1] …" and, after a blank line, "[1] …" with the URL. Nil when no text
    /// is left (a blank cell, "<p></p>").
    static func text(_ html: String, _ layout: Layout) -> String? {
        // Most cells hold no markup, no entity and no run of white space: nothing to do.
        if !html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }),
           !html.contains("  ") {
            let trimmed = html.trimmingSpaces
            return trimmed.isEmpty ? nil : trimmed
        }
        _ = initialised
        var builder = TextBuilder()
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return builder.finish(layout) }
        defer { xmlFreeDoc(document) }
        var child = document.pointee.children
        while let node = child {
            builder.walk(node)
            child = node.pointee.next
        }
        return builder.finish(layout)
    }

    /// libxml2 wants one call to set itself up before any thread parses. (It also sets the
    /// library's allocator, which `freeXMLString` reads.)
    private static let initialised: Void = { xmlInitParser() }()
}

/// Collects text as a browser would lay it out: white space collapsed, blocks on lines of
/// their own.
private struct TextBuilder {
    var out = ""
    /// A break owed before the next text: 0 none, 1 a new line, 2 a new paragraph.
    var pendingBreak = 0
    var pendingSpace = false
    var footnotes: [String] = []
    /// The counters of the ordered lists being read (nil for an unordered one).
    var lists: [Int?] = []

    static let blocks: Set<String> = ["p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
                                      "footer", "figure", "figcaption", "pre", "table", "ul", "ol", "dl", "address", "hr"]
    static let lines: Set<String> = ["tr", "dt", "dd", "li"]
    static let skipped: Set<String> = ["script", "style", "head", "title", "noscript", "template"]

    mutating func breakLine(_ kind: Int) {
        if !out.isEmpty { pendingBreak = max(pendingBreak, kind) }
        pendingSpace = false
    }

    mutating func append(_ text: String) {
        for character in text {
            if character == "\u{A0}" {
                // A no-break space is kept, as one space, and is not collapsed.
                flushBreaks()
                out.append(" ")
            } else if character.isWhitespace {
                if !out.isEmpty, pendingBreak == 0, out.last != "\n" { pendingSpace = true }
            } else {
                flushBreaks()
                out.append(character)
            }
        }
    }

    /// Writes the break or space owed before new text.
    mutating func flushBreaks() {
        if pendingBreak > 0 {
            while out.last == " " { out.removeLast() }
            out += pendingBreak == 2 ? "\n\n" : "\n"
        } else if pendingSpace, out.last != " " {
            out.append(" ")
        }
        pendingBreak = 0
        pendingSpace = false
    }

    mutating func walk(_ node: xmlNodePtr) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { append(String(cString: content)) }
        case XML_ELEMENT_NODE:
            let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            if TextBuilder.skipped.contains(name) { return }
            if name == "br" { breakLine(1); return }
            let isBlock = TextBuilder.blocks.contains(name)
            if isBlock { breakLine(2) }
            if TextBuilder.lines.contains(name) { breakLine(1) }
            if name == "ul" { lists.append(nil) }
            if name == "ol" { lists.append(0) }
            if name == "li" {
                if let counter = lists.last ?? nil {
                    lists[lists.count - 1] = counter + 1
                    flushBreaks(); out += "\(counter + 1). "
                } else {
                    flushBreaks(); out += "• "
                }
            }
            if name == "td" || name == "th" { pendingSpace = !out.isEmpty }
            let before = out.count
            var child = node.pointee.children
            while let next = child {
                walk(next)
                child = next.pointee.next
            }
            if name == "a", let href = attribute("href", of: node), !href.isEmpty {
                let linked = String(out.dropFirst(before)).trimmingSpaces
                if linked != href {
                    if let existing = footnotes.firstIndex(of: href) {
                        out += "[\(existing + 1)]"
                    } else {
                        footnotes.append(href)
                        out += "[\(footnotes.count)]"
                    }
                }
            }
            if name == "ul" || name == "ol" { lists.removeLast() }
            if isBlock { breakLine(2) }
            if TextBuilder.lines.contains(name) { breakLine(1) }
        default:
            var child = node.pointee.children
            while let next = child {
                walk(next)
                child = next.pointee.next
            }
        }
    }

    func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { freeXMLString(value) }
        return String(cString: value).trimmingSpaces
    }

    mutating func finish(_ layout: HTMLText.Layout) -> String? {
        while out.last?.isWhitespace == true { out.removeLast() }
        var text = out
        if layout == .line {
            text = text.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
        }
        let notes = footnotes.enumerated().map { "[\($0.offset + 1)] \($0.element)" }
        if !notes.isEmpty {
            text += layout == .line ? " " + notes.joined(separator: " ") : "\n\n" + notes.joined(separator: "\n")
        }
        return text.isEmpty ? nil : text
    }
}

/// Frees a string libxml2 allocated. `xmlFree` is a global variable in C (the allocator in
/// use), which Swift cannot read safely from several threads; libxml2 sets it once, at
/// `xmlInitParser`, and `xmlMemGet` reads it.
private func freeXMLString(_ string: UnsafeMutablePointer<xmlChar>) {
    var free: xmlFreeFunc?
    xmlMemGet(&free, nil, nil, nil)
    free?(string)
}
