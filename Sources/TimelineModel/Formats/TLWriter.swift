// `tl convert`: a timeline read from TimelineJS written in tl's own format, with the optional
// fields converted timelines use (docs/data-format.md, "Converted timelines").

extension Timeline {
    /// The timeline in the tl format (`TimelineLoader.formatName`), as `tl convert` writes it:
    /// `convertedFrom` says where it came from, so its events may go without quotes (and
    /// summaries) until someone adds them. Only for timelines without sources, people or
    /// measures (what a TimelineJS file has): nil otherwise.
    public func tlFormatExport(convertedFrom origin: String) -> JSONOut? {
        guard sources.isEmpty, people.isEmpty, measures.isEmpty else { return nil }
        func moment(_ moment: Moment) -> JSONOut {
            .object([("date", .string(moment.date.iso)), ("precision", .string(moment.date.precision.rawValue))]
                    + (moment.time.map { [("time", .string($0.iso))] } ?? []))
        }
        func mediaObject(_ media: Media) -> JSONOut {
            .object([("url", .string(media.url))] + [("caption", media.caption), ("credit", media.credit), ("thumbnail", media.thumbnail)]
                .compactMap { name, value in value.map { (name, .string($0)) } })
        }
        var top: [(String, JSONOut)] = [("format", .string(TimelineLoader.formatName)), ("title", .string(title))]
        if let description { top.append(("description", .string(description))) }
        top.append(("convertedFrom", .string(origin)))
        if let backgroundLabel { top.append(("backgroundLabel", .string(backgroundLabel))) }
        if scale != .human { top.append(("scale", .string(scale.rawValue))) }
        if let media = self.media { top.append(("media", mediaObject(media))) }
        if !eras.isEmpty {
            top.append(("eras", .array(eras.map { era in
                .object([("name", .string(era.name)), ("start", moment(era.start)), ("end", moment(era.end))])
            })))
        }
        top += [("sources", .array([])), ("people", .array([])), ("measures", .array([]))]
        top.append(("events", .array(events.map { event in
            var members: [(String, JSONOut)] = [("id", .string(event.id)), ("date", .string(event.date.date.iso)),
                                                ("precision", .string(event.date.date.precision.rawValue))]
            if let time = event.time { members.append(("time", .string(time.iso))) }
            if let end = event.end { members.append(("end", moment(end))) }
            if let display = event.displayDate { members.append(("displayDate", .string(display))) }
            members.append(("title", .string(event.title)))
            if !event.summary.isEmpty { members.append(("summary", .string(event.summary))) }
            if event.background { members.append(("background", .bool(true))) }
            if let group = event.group { members.append(("group", .string(group))) }
            if let media = event.media { members.append(("media", mediaObject(media))) }
            members.append(("quotes", .array([])))
            return .object(members)
        })))
        return .object(top)
    }
}
