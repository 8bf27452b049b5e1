// libxml2's HTML parser, for the HTML TimelineJS files hold in headlines, text, captions and
// credits (Debian: libxml2-dev; its include folder comes from pkg-config's libxml-2.0).
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with the copy of ICU inside Swift's
// Foundation (both define UErrorCode). ICU appears in libxml2's headers only as the last two
// members of xmlCharEncodingHandler, a struct tl never looks inside (it only passes pointers
// to it, if that), so the headers are read without it; the library itself is unchanged.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
