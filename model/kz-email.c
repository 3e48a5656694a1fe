/* kz-email.c — reading mail with GMime, and importing it as interactions
 *
 * Reading is separate from storing: every message is parsed and checked
 * first (so --strict can refuse before anything is written), then threads
 * are rebuilt and each is stored in its own transaction.
 *
 * Nothing in a message is ever fetched or opened: attachments are listed
 * (name, type, size) and an HTML-only body becomes text through libxml2's
 * HTML parser with the network off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-email"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>
#include <string.h>
#include <unistd.h>

#include "kz-email.h"
#include "kz-email-private.h"
#include "kz-error.h"

/* GMime 3.2 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)

/* Past these, a message is refused with a reason instead of parsed on. */
#define MAX_HEADER_BYTES  (256 * 1024)
#define MAX_DEPTH         32
#define MAX_PARTS         1000

void
kz_import_issue_free (KzImportIssue *self)
{
  if (self == NULL)
    return;
  g_free (self->source);
  g_free (self->reason);
  g_free (self);
}

static void
add_issue (GPtrArray  *issues,
           const char *source,
           gint64      position,
           char       *reason)   /* takes ownership */
{
  KzImportIssue *issue = g_new0 (KzImportIssue, 1);

  issue->source = g_strdup (source);
  issue->position = position;
  issue->reason = reason;
  g_ptr_array_add (issues, issue);
}

gboolean
kz_mail_format_from_string (const char   *text,
                            KzMailFormat *format)
{
  static const char * const names[] = { "auto", "eml", "mbox", "maildir" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *format = (KzMailFormat) i;
        return TRUE;
      }
  return FALSE;
}

static void
ensure_gmime (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_mime_init ();
      /* The HTML parser runs on several threads at once (read_mbox). */
      xmlInitParser ();
      g_once_init_leave (&once, 1);
    }
}

/* ---- HTML to safe text ---------------------------------------------------- */

static gboolean
is_block (const char *name)
{
  static const char * const blocks[] = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "ul", "ol", "hr", NULL,
  };
  return g_strv_contains (blocks, name);
}

static void
html_collect (xmlNode *node,
              GString *out)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE && node->content != NULL)
        g_string_append (out, (const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) node->name;

          /* Scripts and styles are not text; images and frames are never loaded. */
          if (g_ascii_strcasecmp (name, "script") == 0 || g_ascii_strcasecmp (name, "style") == 0 ||
              g_ascii_strcasecmp (name, "head") == 0)
            continue;
          html_collect (node->children, out);
          if (is_block (name) && out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
        }
    }
}

/* NULL, with @problem, when the parser gave up before the end: the text
 * would be silently cut short.  libxml2 stops at 256 nested elements, which
 * also bounds html_collect()'s recursion. */
static char *
html_to_text (const char  *html,
              char       **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt ();
  htmlDocPtr doc;
  gboolean halted;

  if (ctxt == NULL)
    g_error ("out of memory");
  /* The same hardening as for rubric files: no network, no entities. */
  doc = htmlCtxtReadMemory (ctxt, html, (int) strlen (html), NULL, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  halted = ctxt->disableSAX != 0;
  if (halted)
    *problem = ctxt->errNo == XML_ERR_INTERNAL_ERROR
               ? g_strdup (_("the HTML is nested too deep to read it all"))
               : g_strdup (_("the HTML cannot be read to its end"));
  htmlFreeParserCtxt (ctxt);
  if (halted)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }
  if (doc == NULL)
    return g_strdup ("");
  html_collect (xmlDocGetRootElement (doc), out);
  xmlFreeDoc (doc);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A piece of the message quoted in a reason: valid UTF-8 and short,
 * whatever the message holds (a charset name can be any bytes). */
static char *
quote_input (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, MIN (strlen (value), 256));
  g_autofree char *head = NULL;

  if (g_utf8_strlen (valid, -1) <= 40)
    return g_steal_pointer (&valid);
  head = g_utf8_substring (valid, 0, 40);
  return g_strconcat (head, "…", NULL);
}

/* ---- one message ------------------------------------------------------------ */

typedef struct {
  KzEmailMessage *message;
  char           *plain;
  char           *html;
  char           *problem;
  guint           n_parts;
} Walk;

static gboolean
charset_known (const char *charset)
{
  GIConv cd;

  if (charset == NULL || g_ascii_strcasecmp (charset, "us-ascii") == 0 ||
      g_ascii_strcasecmp (charset, "utf-8") == 0)
    return TRUE;
  cd = g_mime_iconv_open ("UTF-8", charset);
  if (cd == (GIConv) -1)
    return FALSE;
  g_mime_iconv_close (cd);
  return TRUE;
}

static gint64
decoded_size (GMimePart *part)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  GMimeStream *null;
  gint64 size;

  if (content == NULL)
    return 0;
  null = g_mime_stream_null_new ();
  g_mime_data_wrapper_write_to_stream (content, null);
  size = (gint64) GMIME_STREAM_NULL (null)->written;
  g_object_unref (null);
  return size;
}

/* A text part in UTF-8, as g_mime_text_part_get_text() converts it, but
 * refused with @problem when it holds a NUL byte: stored as a C string,
 * everything after it would be silently lost. */
static char *
part_text (GMimePart   *part,
           const char  *charset,
           char       **problem)
{
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  g_autoptr(GMimeStream) mem = NULL;
  GMimeFilter *filter;
  GByteArray *buf;

  if (content == NULL)
    return NULL;
  mem = g_mime_stream_mem_new ();

  /* Most mail is UTF-8 or ASCII already: decoded as it is, and kept when
   * it is valid and holds no NUL, it is exactly what the conversion below
   * would give, without an iconv pass.  Anything else (an invalid byte, a
   * NUL) starts again through the conversion, as before. */
  if (charset != NULL && (g_ascii_strcasecmp (charset, "utf-8") == 0 || g_ascii_strcasecmp (charset, "us-ascii") == 0))
    {
      gboolean ascii_only = g_ascii_strcasecmp (charset, "us-ascii") == 0;
      gboolean valid;

      g_mime_data_wrapper_write_to_stream (content, mem);
      buf = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
      valid = buf->len == 0 || memchr (buf->data, '\0', buf->len) == NULL;
      if (valid && ascii_only)
        {
          for (guint i = 0; i < buf->len && valid; i++)
            valid = buf->data[i] < 0x80;
        }
      else if (valid)
        valid = g_utf8_validate ((const char *) buf->data, buf->len, NULL);
      if (valid)
        {
          g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (mem), FALSE);
          g_byte_array_append (buf, (const guint8 *) "", 1);
          return (char *) g_byte_array_free (buf, FALSE);
        }
      g_clear_object (&mem);
      mem = g_mime_stream_mem_new ();
    }

  filter = charset != NULL ? g_mime_filter_charset_new (charset, "utf-8") : NULL;
  if (filter != NULL)
    {
      g_autoptr(GMimeStream) filtered = g_mime_stream_filter_new (mem);

      g_mime_stream_filter_add (GMIME_STREAM_FILTER (filtered), filter);
      g_object_unref (filter);
      g_mime_data_wrapper_write_to_stream (content, filtered);
      g_mime_stream_flush (filtered);
    }
  else
    g_mime_data_wrapper_write_to_stream (content, mem);

  buf = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  if (buf->len > 0 && memchr (buf->data, '\0', buf->len) != NULL)
    {
      *problem = g_strdup (_("a NUL byte in the body"));
      return NULL;
    }
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (mem), FALSE);
  g_byte_array_append (buf, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (buf, FALSE);
}

static void
walk_part (GMimeObject *object,
           Walk        *walk,
           guint        depth)
{
  if (walk->problem != NULL)
    return;

  if (++walk->n_parts > MAX_PARTS)
    {
      walk->problem = g_strdup_printf (_("more than %d parts"), MAX_PARTS);
      return;
    }
  if (depth > MAX_DEPTH)
    {
      walk->problem = g_strdup_printf (_("parts nested more than %d deep"), MAX_DEPTH);
      return;
    }

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multi = GMIME_MULTIPART (object);
      int n = g_mime_multipart_get_count (multi);

      for (int i = 0; i < n && walk->problem == NULL; i++)
        walk_part (g_mime_multipart_get_part (multi, i), walk, depth + 1);
      return;
    }

  if (GMIME_IS_MESSAGE_PART (object))
    {
      /* A forwarded message is listed as an attachment, not read. */
      KzAttachment *a = g_new0 (KzAttachment, 1);
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      a->filename = g_utf8_make_valid (inner && g_mime_message_get_subject (inner) ? g_mime_message_get_subject (inner)
                                                                                     : _("forwarded message"), -1);
      a->mime_type = g_strdup ("message/rfc822");
      g_ptr_array_add (walk->message->attachments, a);
      return;
    }

  if (GMIME_IS_PART (object))
    {
      GMimePart *part = GMIME_PART (object);
      GMimeContentType *type = g_mime_object_get_content_type (object);
      const char *charset = type ? g_mime_content_type_get_parameter (type, "charset") : NULL;
      gboolean is_text = GMIME_IS_TEXT_PART (object) && !g_mime_part_is_attachment (part);

      if (is_text && g_mime_content_type_is_type (type, "text", "plain") && walk->plain == NULL)
        {
          if (!charset_known (charset))
            {
              g_autofree char *quoted = quote_input (charset);

              walk->problem = g_strdup_printf (_("unknown character set “%s”"), quoted);
              return;
            }
          walk->plain = part_text (part, charset, &walk->problem);
          return;
        }
      if (is_text && g_mime_content_type_is_type (type, "text", "html") && walk->html == NULL)
        {
          if (!charset_known (charset))
            {
              g_autofree char *quoted = quote_input (charset);

              walk->problem = g_strdup_printf (_("unknown character set “%s”"), quoted);
              return;
            }
          walk->html = part_text (part, charset, &walk->problem);
          return;
        }

      {
        KzAttachment *a = g_new0 (KzAttachment, 1);
        const char *name = g_mime_part_get_filename (part);
        g_autofree char *mime_type = type ? g_mime_content_type_get_mime_type (type) : NULL;

        /* A name in an unknown RFC 2231 charset comes back as raw bytes:
         * an attachment is only listed, so it is listed with U+FFFD. */
        a->filename = g_utf8_make_valid (name ? name : _("unnamed"), -1);
        a->mime_type = g_utf8_make_valid (mime_type ? mime_type : "application/octet-stream", -1);
        a->size = decoded_size (part);
        g_ptr_array_add (walk->message->attachments, a);
      }
    }
}

static char *
strip_brackets (const char *id)
{
  g_autofree char *copy = g_strdup (id);
  char *s = g_strstrip (copy);
  gsize len = strlen (s);

  if (len >= 2 && s[0] == '<' && s[len - 1] == '>')
    return g_strndup (s + 1, len - 2);
  return g_strdup (s);
}

/* "Name <addr>, addr" — written here because GMime's own formatting runs
 * every address through IDN conversion, which costs more than the parse. */
static char *
format_addresses (InternetAddressList *list)
{
  g_autoptr(GString) s = NULL;

  if (list == NULL || internet_address_list_length (list) == 0)
    return NULL;
  s = g_string_new (NULL);
  for (int i = 0; i < internet_address_list_length (list); i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);
      const char *name = internet_address_get_name (ia);

      if (s->len > 0)
        g_string_append (s, ", ");
      if (INTERNET_ADDRESS_IS_MAILBOX (ia))
        {
          const char *addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia));

          if (name != NULL && *name != '\0')
            g_string_append_printf (s, "%s <%s>", name, addr);
          else
            g_string_append (s, addr);
        }
      else if (INTERNET_ADDRESS_IS_GROUP (ia))
        {
          g_autofree char *members = format_addresses (internet_address_group_get_members (INTERNET_ADDRESS_GROUP (ia)));
          g_string_append_printf (s, "%s: %s;", name ? name : "", members ? members : "");
        }
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
collect_addresses (InternetAddressList *list,
                   GPtrArray           *out)
{
  for (int i = 0; list != NULL && i < internet_address_list_length (list); i++)
    {
      InternetAddress *ia = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_MAILBOX (ia))
        g_ptr_array_add (out, g_ascii_strdown (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), -1));
      else if (INTERNET_ADDRESS_IS_GROUP (ia))
        collect_addresses (internet_address_group_get_members (INTERNET_ADDRESS_GROUP (ia)), out);
    }
}

/* Refuses what would be unsafe or unreadable to store, with a reason. */
static char *
check_headers (GMimeObject *object)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);

  for (int i = 0; i < g_mime_header_list_get_count (headers); i++)
    {
      GMimeHeader *h = g_mime_header_list_get_header_at (headers, i);
      const char *raw = g_mime_header_get_raw_value (h);
      const char *name = g_mime_header_get_name (h);

      if (raw != NULL && strlen (raw) > MAX_HEADER_BYTES)
        {
          g_autofree char *quoted = quote_input (name);

          return g_strdup_printf (_("the %s header is longer than %d KiB"), quoted, MAX_HEADER_BYTES / 1024);
        }
    }
  return NULL;
}

static KzEmailMessage *
convert_message (GMimeMessage  *msg,
                 const char    *source,
                 gint64         position,
                 const char    *raw,
                 gsize          raw_len,
                 char         **problem)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);
  Walk walk = { m, NULL, NULL, NULL, 0 };
  const char *value;
  GMimeReferences *refs;
  GDateTime *date;
  InternetAddressList *from;

  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  m->source = g_strdup (source);
  m->position = position;

  if ((*problem = check_headers (GMIME_OBJECT (msg))) != NULL)
    goto fail;

  value = g_mime_message_get_message_id (msg);
  if (value != NULL && *value != '\0')
    m->message_id = strip_brackets (value);
  else
    {
      /* No Message-ID: the content's hash stands in, so importing the same
       * file twice still adds nothing. */
      g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) raw, raw_len);
      m->message_id = g_strdup_printf ("%s@kaizen.invalid", sum);
    }

  value = g_mime_object_get_header (GMIME_OBJECT (msg), "In-Reply-To");
  if (value != NULL)
    {
      refs = g_mime_references_parse (NULL, value);
      if (refs != NULL && g_mime_references_length (refs) > 0)
        m->in_reply_to = g_strdup (g_mime_references_get_message_id (refs, 0));
      g_clear_pointer (&refs, g_mime_references_free);
    }
  value = g_mime_object_get_header (GMIME_OBJECT (msg), "References");
  {
    g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

    refs = value ? g_mime_references_parse (NULL, value) : NULL;
    for (int i = 0; refs != NULL && i < g_mime_references_length (refs); i++)
      g_strv_builder_add (b, g_mime_references_get_message_id (refs, i));
    g_clear_pointer (&refs, g_mime_references_free);
    m->references = g_strv_builder_end (b);
  }

  from = g_mime_message_get_from (msg);
  m->from = format_addresses (from);
  collect_addresses (from, addresses);
  if (addresses->len > 0)
    m->from_address = g_strdup (g_ptr_array_index (addresses, 0));
  m->to = format_addresses (g_mime_message_get_to (msg));
  m->cc = format_addresses (g_mime_message_get_cc (msg));
  collect_addresses (g_mime_message_get_to (msg), addresses);
  collect_addresses (g_mime_message_get_cc (msg), addresses);
  g_ptr_array_add (addresses, NULL);
  m->addresses = (GStrv) g_ptr_array_free (g_steal_pointer (&addresses), FALSE);

  date = g_mime_message_get_date (msg);
  m->date = date ? g_date_time_to_utc (date) : NULL;
  m->subject = g_strdup (g_mime_message_get_subject (msg));

  if (g_mime_message_get_mime_part (msg) != NULL)
    walk_part (g_mime_message_get_mime_part (msg), &walk, 0);
  if (walk.problem != NULL)
    {
      *problem = g_steal_pointer (&walk.problem);
      g_free (walk.plain);
      g_free (walk.html);
      goto fail;
    }
  if (walk.plain != NULL)
    m->body = g_steal_pointer (&walk.plain);
  else if (walk.html != NULL)
    m->body = html_to_text (walk.html, problem);
  else
    m->body = g_strdup ("");
  g_free (walk.plain);
  g_free (walk.html);
  if (m->body == NULL)
    goto fail;

  /* Everything stored is valid UTF-8 without NUL bytes. */
  {
    const char *fields[] = { m->message_id, m->in_reply_to, m->from, m->to, m->cc, m->subject, m->body };
    const char *names[] = { "Message-ID", "In-Reply-To", "From", "To", "Cc", "Subject", _("body") };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      if (fields[i] != NULL && !g_utf8_validate (fields[i], -1, NULL))
        {
          *problem = g_strdup_printf (_("the %s is not valid text"), names[i]);
          goto fail;
        }
    for (guint i = 0; m->references[i] != NULL; i++)
      if (!g_utf8_validate (m->references[i], -1, NULL))
        {
          *problem = g_strdup_printf (_("the %s is not valid text"), "References");
          goto fail;
        }
  }
  return m;

fail:
  kz_email_message_free (m);
  return NULL;
}

/* A NUL byte inside the header block makes every later header unreliable.
 * The block ends at the first empty line, LF or CRLF; a NUL in the body is
 * the body's business. */
static char *
check_raw (const char *raw,
           gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (raw[i] == '\0')
        return g_strdup (_("a NUL byte in the headers"));
      if (raw[i] == '\n' && ((i + 1 < len && raw[i + 1] == '\n') ||
                             (i + 2 < len && raw[i + 1] == '\r' && raw[i + 2] == '\n')))
        break;
    }
  return NULL;
}

/* One message: either a KzEmailMessage or an issue saying why not.
 * @parser is reused from message to message (reset to each one's stream),
 * which spares setting up its buffers every time. */
static void
parse_message (GMimeParser     *parser,
               const char      *source,
               gint64           position,
               const char      *raw,
               gsize            len,
               KzEmailMessage **message,
               char           **problem)
{
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeMessage) msg = NULL;

  *message = NULL;
  *problem = check_raw (raw, len);
  if (*problem != NULL)
    return;

  stream = g_mime_stream_mem_new_with_buffer (raw, len);
  g_mime_parser_init_with_stream (parser, stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  msg = g_mime_parser_construct_message (parser, NULL);
  if (msg == NULL)
    {
      *problem = g_strdup (_("not an email message"));
      return;
    }
  if (g_mime_object_get_header (GMIME_OBJECT (msg), "From") == NULL &&
      g_mime_object_get_header (GMIME_OBJECT (msg), "Message-ID") == NULL &&
      g_mime_object_get_header (GMIME_OBJECT (msg), "Subject") == NULL)
    {
      *problem = g_strdup (_("no From, Subject or Message-ID header: not an email message"));
      return;
    }
  *message = convert_message (msg, source, position, raw, len, problem);
}

static void
parse_one (const char *source,
           gint64      position,
           const char *raw,
           gsize       len,
           GPtrArray  *messages,
           GPtrArray  *issues)
{
  g_autoptr(GMimeParser) parser = g_mime_parser_new ();
  KzEmailMessage *m;
  char *problem;

  parse_message (parser, source, position, raw, len, &m, &problem);
  if (m == NULL)
    add_issue (issues, source, position, problem);
  else
    g_ptr_array_add (messages, m);
}

/* One message of an mbox, and what parsing it gave. */
typedef struct {
  gsize           start;    /* the "From " line */
  gsize           body;     /* the message after it */
  gsize           next;     /* the next "From " line, or the end */
  KzEmailMessage *message;
  char           *problem;
} Span;

typedef struct {
  const char *path;
  const char *data;
  Span       *spans;
  guint       from, to;
} ParseChunk;

static gpointer
parse_chunk (gpointer data)
{
  ParseChunk *chunk = data;
  g_autoptr(GMimeParser) parser = g_mime_parser_new ();

  for (guint i = chunk->from; i < chunk->to; i++)
    {
      Span *span = &chunk->spans[i];

      if (span->next > span->body)
        parse_message (parser, chunk->path, (gint64) span->start, chunk->data + span->body, span->next - span->body,
                       &span->message, &span->problem);
      else
        span->problem = g_strdup (_("nothing follows this “From ” line"));
    }
  return NULL;
}

/* Below this many messages one thread is quicker than starting more. */
#define PARALLEL_MIN_MESSAGES 256
#define PARALLEL_MAX_THREADS  4
/* Below this many, starting kaizen-mail-parser costs more than it saves. */
#define HELPER_MIN_MESSAGES   2000
/* The helper starts later and writes its results out, which this process
 * reads back: it takes the last 47% (measured: both then finish together). */
#define HELPER_SPLIT(n)       ((guint) ((guint64) (n) * 53 / 100))

static gboolean
looks_like_mbox (const char *data,
                 gsize       len)
{
  return len >= 5 && memcmp (data, "From ", 5) == 0;
}

/* Where the messages of an mbox are, from @start (a "From " line) to @len:
 * a quick scan for "From " lines that start a line, as mboxrd does. */
static GArray *
find_spans (const char *data,
            gsize       start,
            gsize       len)
{
  GArray *spans = g_array_new (FALSE, TRUE, sizeof (Span));

  while (start < len)
    {
      Span span = { start, 0, 0, NULL, NULL };
      gsize next;
      const char *nl = memchr (data + start, '\n', len - start);

      /* Skip the "From " separator line itself. */
      span.body = nl ? (gsize) (nl - data) + 1 : len;
      next = span.body;
      while (next < len)
        {
          const char *p = memchr (data + next, '\n', len - next);

          if (p == NULL)
            {
              next = len;
              break;
            }
          next = (gsize) (p - data) + 1;
          if (next + 5 <= len && memcmp (data + next, "From ", 5) == 0)
            break;
        }
      span.next = MIN (next, len);
      g_array_append_val (spans, span);
      start = span.next;
    }
  return spans;
}

/* Spans @from to @to parsed on @n_threads threads, each a run of them, the
 * results kept in file order. */
static void
parse_range (const char *path,
             const char *data,
             Span       *spans,
             guint       from,
             guint       to,
             guint       n_threads)
{
  ParseChunk chunks[PARALLEL_MAX_THREADS];
  GThread *threads[PARALLEL_MAX_THREADS] = { NULL };

  n_threads = CLAMP (n_threads, 1, PARALLEL_MAX_THREADS);
  for (guint t = 0; t < n_threads; t++)
    {
      chunks[t].path = path;
      chunks[t].data = data;
      chunks[t].spans = spans;
      chunks[t].from = from + (guint) ((guint64) (to - from) * t / n_threads);
      chunks[t].to = from + (guint) ((guint64) (to - from) * (t + 1) / n_threads);
      if (t > 0)
        threads[t] = g_thread_new ("kz-mbox-parse", parse_chunk, &chunks[t]);
    }
  parse_chunk (&chunks[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
}

/* ---- Parsing in a second process ------------------------------------------
 *
 * Messages are parsed on their own, so on both cores at once — but not as
 * two threads of one process: GLib 2.74 takes one process-wide lock for
 * every GObject it disposes (g_signal_handlers_destroy), and GMime makes and
 * drops dozens a message.  Measured on 100k messages, two threads took 1.69 s
 * against one thread's 2.02 s, for 1.3 s more CPU; two processes each
 * parsing half took 1.0 s.  So the second half of a large mbox goes to
 * kaizen-mail-parser (this file's code, in its own process, handed the open
 * file), which writes every message's outcome to a pipe, while
 * this process parses the first half.  Whatever goes wrong there — no
 * helper, a crash, output that does not check out — its half is parsed here
 * instead, as it would have been without it. */

/* What the helper writes: "KZMP1 VERSION\n" (a helper of another build of
 * Kaizen is not trusted to parse the same way), then for each span its start (relative
 * to the first span's) and 'M' with the message's fields or 'P' with the
 * problem.  Text is a 32-bit length and the bytes (no NUL; G_MAXUINT32 for
 * none), a list a 32-bit count and its texts, numbers in this machine's
 * byte order: the helper is this program, on this machine.  GVariant did
 * the same job at a third of the speed. */
#define HELPER_MAGIC "KZMP1 " VERSION "\n"
#define NO_TEXT      G_MAXUINT32

static const char *
mail_parser_path (void)
{
  const char *env = g_getenv ("KAIZEN_MAIL_PARSER");

  /* Set but empty: parse everything in this process.  The tests and
   * `meson devenv` set it to the build tree's helper. */
  if (env != NULL)
    return *env != '\0' ? env : NULL;
  if (g_file_test (MAIL_PARSER_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return MAIL_PARSER_PATH;
  return NULL;
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

static void
put_i64 (GByteArray *out, gint64 v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

static void
put_text (GByteArray *out, const char *text)
{
  if (text == NULL)
    {
      put_u32 (out, NO_TEXT);
      return;
    }
  put_u32 (out, (guint32) strlen (text));
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
}

static void
put_strv (GByteArray *out, GStrv strv)
{
  put_u32 (out, strv != NULL ? g_strv_length (strv) : 0);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    put_text (out, strv[i]);
}

static void
put_message (GByteArray *out, const KzEmailMessage *m)
{
  put_text (out, m->message_id);
  put_text (out, m->in_reply_to);
  put_strv (out, m->references);
  put_text (out, m->from);
  put_strv (out, m->addresses);
  put_text (out, m->from_address);
  put_text (out, m->to);
  put_text (out, m->cc);
  put_text (out, m->subject);
  g_byte_array_append (out, (const guint8 *) (m->date != NULL ? "D" : "-"), 1);
  if (m->date != NULL)
    {
      put_i64 (out, g_date_time_to_unix (m->date));
      put_u32 (out, (guint32) g_date_time_get_microsecond (m->date));
    }
  put_text (out, m->body);
  put_u32 (out, m->attachments != NULL ? m->attachments->len : 0);
  for (guint i = 0; m->attachments != NULL && i < m->attachments->len; i++)
    {
      const KzAttachment *att = g_ptr_array_index (m->attachments, i);

      put_text (out, att->filename);
      put_text (out, att->mime_type);
      put_i64 (out, att->size);
    }
}

GBytes *
kz_email_parse_mbox_serialized (const char *data,
                                gsize       len)
{
  g_autoptr(GArray) spans = NULL;
  GByteArray *out = g_byte_array_sized_new ((guint) MIN (len, 64 * 1024 * 1024));

  ensure_gmime ();
  spans = find_spans (data, 0, len);
  parse_range ("", data, (Span *) spans->data, 0, spans->len, 1);

  g_byte_array_append (out, (const guint8 *) HELPER_MAGIC, strlen (HELPER_MAGIC));
  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);

      put_i64 (out, (gint64) span->start);
      g_byte_array_append (out, (const guint8 *) (span->message != NULL ? "M" : "P"), 1);
      if (span->message != NULL)
        put_message (out, span->message);
      else
        put_text (out, span->problem);
      kz_email_message_free (span->message);
      g_free (span->problem);
    }
  return g_byte_array_free_to_bytes (out);
}

/* Reading it back, every length checked against what is left. */
typedef struct {
  const guint8 *p, *end;
  gboolean      bad;
} Reader;

static gboolean
take (Reader *r, void *to, gsize n)
{
  if (r->bad || (gsize) (r->end - r->p) < n)
    {
      r->bad = TRUE;
      return FALSE;
    }
  memcpy (to, r->p, n);
  r->p += n;
  return TRUE;
}

static guint32
get_u32 (Reader *r)
{
  guint32 v = 0;

  take (r, &v, sizeof v);
  return v;
}

static gint64
get_i64 (Reader *r)
{
  gint64 v = 0;

  take (r, &v, sizeof v);
  return v;
}

static char
get_tag (Reader *r)
{
  char c = 0;

  take (r, &c, 1);
  return c;
}

/* NULL for none, or when the input is bad (r->bad says which). */
static char *
get_text (Reader *r)
{
  guint32 n = get_u32 (r);
  char *text;

  if (r->bad || n == NO_TEXT)
    return NULL;
  if ((gsize) (r->end - r->p) < n || memchr (r->p, '\0', n) != NULL)
    {
      r->bad = TRUE;
      return NULL;
    }
  text = g_strndup ((const char *) r->p, n);
  r->p += n;
  return text;
}

static GStrv
get_strv (Reader *r)
{
  guint32 n = get_u32 (r);
  GStrv strv;

  /* Each text takes four bytes at least. */
  if (r->bad || n > (gsize) (r->end - r->p) / 4)
    {
      r->bad = TRUE;
      return g_new0 (char *, 1);
    }
  strv = g_new0 (char *, n + 1);
  for (guint32 i = 0; i < n; i++)
    if ((strv[i] = get_text (r)) == NULL)
      {
        r->bad = TRUE;
        break;
      }
  return strv;
}

static gboolean
utf8_or_null (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

/* A message back from the helper, or NULL if it is cut short or does not
 * hold what convert_message() guarantees (valid UTF-8 where it checks). */
static KzEmailMessage *
get_message (Reader     *r,
             const char *path,
             gint64      position)
{
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);
  guint32 n_attachments;
  gboolean ok;

  m->source = g_strdup (path);
  m->position = position;
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  m->message_id = get_text (r);
  m->in_reply_to = get_text (r);
  m->references = get_strv (r);
  m->from = get_text (r);
  m->addresses = get_strv (r);
  m->from_address = get_text (r);
  m->to = get_text (r);
  m->cc = get_text (r);
  m->subject = get_text (r);
  switch (get_tag (r))
    {
    case '-':
      break;
    case 'D':
      {
      gint64 seconds = get_i64 (r);
      guint32 usec = get_u32 (r);
      g_autoptr(GDateTime) whole = r->bad ? NULL : g_date_time_new_from_unix_utc (seconds);

      m->date = whole != NULL && usec < G_USEC_PER_SEC ? g_date_time_add (whole, usec) : NULL;
      if (m->date == NULL)
        r->bad = TRUE;
      }
      break;
    default:
      r->bad = TRUE;
    }
  m->body = get_text (r);
  n_attachments = get_u32 (r);
  for (guint32 i = 0; i < n_attachments && !r->bad; i++)
    {
      KzAttachment *att = g_new0 (KzAttachment, 1);

      att->filename = get_text (r);
      att->mime_type = get_text (r);
      att->size = get_i64 (r);
      g_ptr_array_add (m->attachments, att);
      if (!utf8_or_null (att->filename) || !utf8_or_null (att->mime_type))
        r->bad = TRUE;
    }

  ok = !r->bad && m->message_id != NULL && *m->message_id != '\0' && m->body != NULL &&
       utf8_or_null (m->message_id) && utf8_or_null (m->in_reply_to) && utf8_or_null (m->from) &&
       utf8_or_null (m->to) && utf8_or_null (m->cc) && utf8_or_null (m->subject) && utf8_or_null (m->body);
  for (guint i = 0; ok && m->references[i] != NULL; i++)
    ok = g_utf8_validate (m->references[i], -1, NULL);
  if (!ok)
    {
      r->bad = TRUE;
      g_clear_pointer (&m, kz_email_message_free);
    }
  return m;
}

typedef struct {
  GSubprocess *process;
  GBytes      *out;
  GError      *error;
} Helper;

static gpointer
helper_wait (gpointer data)
{
  Helper *h = data;

  g_subprocess_communicate (h->process, NULL, NULL, &h->out, NULL, &h->error);
  return NULL;
}

/* Spans @from to @to from the helper's output into @spans, all or none. */
static gboolean
helper_results (Helper     *h,
                const char *path,
                Span       *spans,
                guint       from,
                guint       to)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  Reader r = { NULL, NULL, FALSE };
  gsize size;

  if (h->error != NULL || h->out == NULL)
    {
      g_debug ("kaizen-mail-parser: %s", h->error ? h->error->message : "no output");
      return FALSE;
    }
  if (!g_subprocess_get_if_exited (h->process) || g_subprocess_get_exit_status (h->process) != 0)
    {
      g_debug ("kaizen-mail-parser did not finish");
      return FALSE;
    }
  r.p = g_bytes_get_data (h->out, &size);
  r.end = r.p + size;
  if (size < strlen (HELPER_MAGIC) || memcmp (r.p, HELPER_MAGIC, strlen (HELPER_MAGIC)) != 0)
    {
      g_debug ("kaizen-mail-parser: not its output");
      return FALSE;
    }
  r.p += strlen (HELPER_MAGIC);

  messages = g_ptr_array_new_full (to - from, (GDestroyNotify) kz_email_message_free);
  problems = g_ptr_array_new_full (to - from, g_free);
  for (guint i = from; i < to && !r.bad; i++)
    {
      gint64 start = get_i64 (&r);
      char tag = get_tag (&r);
      KzEmailMessage *m = NULL;
      char *problem = NULL;

      if (start != (gint64) (spans[i].start - spans[from].start))
        r.bad = TRUE;
      else if (tag == 'M')
        m = get_message (&r, path, (gint64) spans[i].start);
      else if (tag == 'P')
        {
          problem = get_text (&r);
          if (problem == NULL || !g_utf8_validate (problem, -1, NULL))
            r.bad = TRUE;
        }
      else
        r.bad = TRUE;
      g_ptr_array_add (messages, m);
      g_ptr_array_add (problems, problem);
    }
  if (r.bad || r.p != r.end)
    {
      g_debug ("kaizen-mail-parser: its output does not check out after %u messages", messages->len);
      return FALSE;
    }
  for (guint i = from; i < to; i++)
    {
      spans[i].message = g_steal_pointer (&messages->pdata[i - from]);
      spans[i].problem = g_steal_pointer (&problems->pdata[i - from]);
    }
  return TRUE;
}

/* Every span parsed: the second half in kaizen-mail-parser when the mbox is
 * a file (@fd) large enough to be worth it, the rest here. */
static void
parse_spans (const char *path,
             const char *data,
             int         fd,
             GArray     *array)
{
  Span *spans = (Span *) array->data;
  guint n = array->len, mid = n;
  guint n_threads = n >= PARALLEL_MIN_MESSAGES ? g_get_num_processors () : 1;
  const char *helper = fd >= 0 && n >= HELPER_MIN_MESSAGES && g_get_num_processors () > 1 ? mail_parser_path () : NULL;
  Helper h = { NULL, NULL, NULL };
  GThread *waiter = NULL;

  if (helper != NULL)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autofree char *offset = g_strdup_printf ("%" G_GSIZE_FORMAT, spans[HELPER_SPLIT (n)].start);
      g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, spans[n - 1].next - spans[HELPER_SPLIT (n)].start);
      /* Close-on-exec until the launcher hands it over as fd 3. */
      int child_fd = fcntl (fd, F_DUPFD_CLOEXEC, 3);

      if (child_fd >= 0)
        {
          /* The launcher closes its copy once the helper has it. */
          g_subprocess_launcher_take_fd (launcher, child_fd, 3);
          h.process = g_subprocess_launcher_spawn (launcher, &h.error, helper, "3", offset, length, NULL);
        }
      if (h.process != NULL)
        {
          mid = HELPER_SPLIT (n);
          waiter = g_thread_new ("kz-mbox-helper", helper_wait, &h);
          n_threads = 1;
        }
      else
        g_debug ("%s: %s", helper, h.error ? h.error->message : g_strerror (errno));
      g_clear_error (&h.error);
    }

  parse_range (path, data, spans, 0, mid, n_threads);
  if (waiter != NULL)
    {
      g_thread_join (waiter);
      if (!helper_results (&h, path, spans, mid, n))
        parse_range (path, data, spans, mid, n, g_get_num_processors ());
      g_clear_object (&h.process);
      g_clear_pointer (&h.out, g_bytes_unref);
      g_clear_error (&h.error);
    }
}

/* Splits an mbox at "From " lines that start a line, as mboxrd does; each
 * message is parsed on its own, so one broken message cannot take the rest
 * of the file with it.  @fd is the open file, or -1 for bytes in memory. */
static void
read_mbox (const char *path,
           const char *data,
           gsize       len,
           int         fd,
           GPtrArray  *messages,
           GPtrArray  *issues)
{
  g_autoptr(GArray) spans = NULL;
  gsize start = 0;

  /* Text before the first "From " line belongs to no message: reported,
   * rather than parsed as a message that lost its first line. */
  if (!looks_like_mbox (data, len))
    {
      add_issue (issues, path, 0, g_strdup (_("the text before the first “From ” line is not a message")));
      start = len;
      for (const char *p = data; (p = memchr (p, '\n', (gsize) (data + len - p))) != NULL; p++)
        if ((gsize) (p + 1 - data) + 5 <= len && memcmp (p + 1, "From ", 5) == 0)
          {
            start = (gsize) (p + 1 - data);
            break;
          }
    }

  spans = find_spans (data, start, len);
  parse_spans (path, data, fd, spans);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);

      if (span->message != NULL)
        g_ptr_array_add (messages, span->message);
      else
        add_issue (issues, path, (gint64) span->start, span->problem);
    }
}

/* One buffer: a single message, or an mbox split into its messages.  Files,
 * Maildir entries and kz_email_read_bytes() all come through here. */
static void
read_buffer (const char   *source,
             const char   *data,
             gsize         len,
             int           fd,
             KzMailFormat  format,
             GPtrArray    *messages,
             GPtrArray    *issues)
{
  if (data == NULL || len == 0)
    {
      add_issue (issues, source, 0, g_strdup (_("the file is empty")));
      return;
    }

  if (format == KZ_MAIL_FORMAT_MBOX || (format == KZ_MAIL_FORMAT_AUTO && looks_like_mbox (data, len)))
    read_mbox (source, data, len, fd, messages, issues);
  else
    parse_one (source, 0, data, len, messages, issues);
}

static gboolean
read_file (const char    *path,
           KzMailFormat   format,
           GPtrArray     *messages,
           GPtrArray     *issues,
           GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  /* Open here, so that a helper parses this very file (parse_spans). */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  mapped = fd >= 0 ? g_mapped_file_new_from_fd (fd, FALSE, &local_error)
                   : g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, "%s: %s", path, local_error->message);
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  read_buffer (path, g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped), fd, format,
               messages, issues);
  if (fd >= 0)
    close (fd);
  return TRUE;
}

gboolean
kz_email_read_bytes (GBytes        *data,
                     const char    *source,
                     KzMailFormat   format,
                     GPtrArray     *messages,
                     GPtrArray     *issues,
                     GError       **error)
{
  const char *bytes;
  gsize len;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (messages != NULL && issues != NULL, FALSE);

  if (format == KZ_MAIL_FORMAT_MAILDIR)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s: a Maildir is a folder, not one file"), source);
      return FALSE;
    }

  ensure_gmime ();
  bytes = g_bytes_get_data (data, &len);
  read_buffer (source, bytes, len, -1, format, messages, issues);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
kz_email_read (const char    *path,
               KzMailFormat   format,
               GPtrArray     *messages,
               GPtrArray     *issues,
               GError       **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  ensure_gmime ();

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* A Maildir: cur/ and new/ hold one message a file. */
      static const char * const subdirs[] = { "cur", "new" };
      gboolean any = FALSE;

      if (format != KZ_MAIL_FORMAT_AUTO && format != KZ_MAIL_FORMAT_MAILDIR)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s is a folder, not a mail file"), path);
          return FALSE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
        {
          g_autofree char *dir_path = g_build_filename (path, subdirs[i], NULL);
          g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          const char *name;

          if (dir == NULL)
            continue;
          any = TRUE;
          while ((name = g_dir_read_name (dir)) != NULL)
            if (name[0] != '.')
              g_ptr_array_add (names, g_strdup (name));
          g_ptr_array_sort (names, compare_names);
          for (guint k = 0; k < names->len; k++)
            {
              g_autofree char *file = g_build_filename (dir_path, g_ptr_array_index (names, k), NULL);

              if (!read_file (file, KZ_MAIL_FORMAT_EML, messages, issues, error))
                return FALSE;
            }
        }
      if (!any)
        {
          g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                       _("%s is a folder but not a Maildir (no cur/ or new/ inside)"), path);
          return FALSE;
        }
      return TRUE;
    }

  if (format == KZ_MAIL_FORMAT_MAILDIR)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE, _("%s is not a Maildir folder"), path);
      return FALSE;
    }
  return read_file (path, format, messages, issues, error);
}

/* ---- import ------------------------------------------------------------------ */

void
kz_email_import_report_clear (KzEmailImportReport *report)
{
  g_clear_pointer (&report->issues, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

/* Union–find over the messages, by index: messages that refer to each
 * other are one thread, whatever order they arrive in.  The Message-IDs
 * are looked up once each, in one table, instead of at every step. */
static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
unite (guint *parent,
       guint  a,
       guint  b)
{
  guint ra = find_root (parent, a), rb = find_root (parent, b);

  if (ra != rb)
    parent[ra] = rb;
}

/* The index of the message with @id in @index, or G_MAXUINT. */
static guint
message_index (GHashTable *index,
               const char *id)
{
  gpointer value = g_hash_table_lookup (index, id);

  return value != NULL ? GPOINTER_TO_UINT (value) - 1 : G_MAXUINT;
}

/* "Re: RE: Fwd: Meter reading" → "meter reading"; NULL when nothing is left.
 * *was_reply says whether a reply prefix was stripped (only then is the
 * subject used to join threads). */
static char *
reply_subject_key (const char *subject,
                   gboolean   *was_reply)
{
  static const char * const prefixes[] = { "re:", "fwd:", "fw:", "aw:", "sv:", "wg:", "tr:" };
  g_autofree char *s = NULL;
  char *p;
  gboolean stripped = TRUE, ascii = TRUE;

  subject = subject ? subject : "";
  for (const char *c = subject; *c != '\0' && ascii; c++)
    ascii = (guchar) *c < 0x80;
  /* For ASCII, case folding is lowering: the same key, without the
   * Unicode tables. */
  s = ascii ? g_ascii_strdown (subject, -1) : g_utf8_casefold (subject, -1);
  p = g_strstrip (s);

  *was_reply = FALSE;
  while (stripped)
    {
      stripped = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        if (g_str_has_prefix (p, prefixes[i]))
          {
            p = g_strchug (p + strlen (prefixes[i]));
            stripped = TRUE;
            *was_reply = TRUE;
          }
    }
  if (*p == '\0')
    return NULL;
  if (p == s)
    return g_steal_pointer (&s);
  return g_strdup (p);
}

static int
compare_by_date (gconstpointer a,
                 gconstpointer b)
{
  const KzEmailMessage *x = *(KzEmailMessage * const *) a;
  const KzEmailMessage *y = *(KzEmailMessage * const *) b;

  if (x->date == NULL || y->date == NULL)
    return (x->date == NULL) - (y->date == NULL);
  return g_date_time_compare (x->date, y->date);
}

GPtrArray *
kz_email_build_threads (GPtrArray *messages)
{
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GHashTable) subjects = NULL;
  g_autofree guint *parent = NULL;
  g_autofree GPtrArray **by_root = NULL;
  g_autofree char **keys = NULL;
  g_autofree gboolean *replies = NULL;
  GPtrArray *threads;
  guint n;

  g_return_val_if_fail (messages != NULL, NULL);

  n = messages->len;
  index = g_hash_table_new (g_str_hash, g_str_equal);
  subjects = g_hash_table_new (g_str_hash, g_str_equal);
  parent = g_new (guint, MAX (n, 1));
  by_root = g_new0 (GPtrArray *, MAX (n, 1));
  keys = g_new0 (char *, MAX (n, 1));
  replies = g_new0 (gboolean, MAX (n, 1));
  threads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < n; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);
      guint same = message_index (index, m->message_id);

      parent[i] = i;
      /* Two messages with one Message-ID (the caller should not pass
       * them) are one thread, as one entry of the table. */
      if (same != G_MAXUINT)
        unite (parent, i, same);
      else
        g_hash_table_insert (index, m->message_id, GUINT_TO_POINTER (i + 1));
    }

  /* Replies and references join their messages… */
  for (guint i = 0; i < n; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);
      guint other;

      if (m->in_reply_to != NULL && (other = message_index (index, m->in_reply_to)) != G_MAXUINT)
        unite (parent, i, other);
      for (guint k = 0; m->references != NULL && m->references[k] != NULL; k++)
        if ((other = message_index (index, m->references[k])) != G_MAXUINT)
          unite (parent, i, other);
    }

  /* …and, where a "Re:" message has no such link, its subject does: the
   * thread the last message of that subject without "Re:" belongs to. */
  for (guint i = 0; i < n; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);

      keys[i] = reply_subject_key (m->subject, &replies[i]);
      if (keys[i] != NULL && !replies[i])
        g_hash_table_insert (subjects, keys[i], GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < n; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);
      gboolean linked = m->in_reply_to != NULL || (m->references && m->references[0]);
      gpointer other;

      if (keys[i] != NULL && replies[i] && !linked &&
          (other = g_hash_table_lookup (subjects, keys[i])) != NULL)
        unite (parent, i, GPOINTER_TO_UINT (other) - 1);
    }

  for (guint i = 0; i < n; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);
      guint root = find_root (parent, i);

      if (by_root[root] == NULL)
        {
          by_root[root] = g_ptr_array_new ();
          g_ptr_array_add (threads, by_root[root]);
        }
      g_ptr_array_add (by_root[root], m);
    }
  for (guint i = 0; i < n; i++)
    g_free (keys[i]);
  for (guint i = 0; i < threads->len; i++)
    g_ptr_array_sort (g_ptr_array_index (threads, i), compare_by_date);
  return threads;
}

static gint64
find_agent (KzStore    *store,
            GHashTable *cache,
            GStrv       addresses)
{
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      gint64 *cached = g_hash_table_lookup (cache, addresses[i]);
      gint64 id = 0;

      if (cached == NULL)
        {
          g_autoptr(KzPerson) p = kz_store_find_person_by_email (store, addresses[i], NULL);

          if (p != NULL && (p->roles & KZ_ROLE_AGENT))
            id = p->id;
          g_hash_table_insert (cache, g_strdup (addresses[i]), g_memdup2 (&id, sizeof id));
        }
      else
        id = *cached;
      if (id > 0)
        return id;
    }
  return 0;
}

static gboolean
store_thread (KzStore             *store,
              GPtrArray           *thread,   /* KzEmailMessage*, by date */
              GHashTable          *batch,    /* Message-IDs new in this import */
              GHashTable          *agents,
              KzEmailImportReport *report,
              GError             **error)
{
  KzEmailMessage *first = g_ptr_array_index (thread, 0);
  gint64 interaction_id = 0;
  gboolean is_new;

  /* A reply to a thread already stored joins it. */
  for (guint i = 0; i < thread->len && interaction_id == 0; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (thread, i);

      /* Only ids from outside this import can be in the database. */
      if (m->in_reply_to != NULL && !g_hash_table_contains (batch, m->in_reply_to))
        interaction_id = kz_store_find_message_interaction (store, m->in_reply_to, error);
      for (guint k = 0; interaction_id == 0 && m->references != NULL && m->references[k] != NULL; k++)
        if (!g_hash_table_contains (batch, m->references[k]))
          interaction_id = kz_store_find_message_interaction (store, m->references[k], error);
      if (interaction_id < 0)
        return FALSE;
    }
  is_new = interaction_id == 0;

  if (!kz_store_begin (store, error))
    return FALSE;

  if (is_new)
    {
      KzInteraction it = { 0 };
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      it.channel = KZ_CHANNEL_EMAIL;
      it.started_at = first->date ? first->date : now;
      it.subject = first->subject;
      it.external_ref = first->message_id;
      for (guint i = 0; i < thread->len && it.agent_id == 0; i++)
        it.agent_id = find_agent (store, agents, ((KzEmailMessage *) g_ptr_array_index (thread, i))->addresses);
      interaction_id = kz_store_add_interaction (store, &it, error);
      if (interaction_id == 0)
        goto fail;
      if (it.agent_id == 0)
        report->n_no_agent++;
    }

  if (!kz_store_add_messages (store, interaction_id, (KzEmailMessage * const *) thread->pdata, thread->len, error))
    goto fail;

  if (!kz_store_commit (store, error))
    return FALSE;
  report->n_stored += thread->len;
  report->n_new_threads += is_new;
  return TRUE;

fail:
  kz_store_rollback (store);
  return FALSE;
}

static gpointer
free_messages (gpointer messages)
{
  g_ptr_array_unref (messages);
  return NULL;
}

gboolean
kz_email_import (KzStore             *store,
                 const char * const  *paths,
                 KzMailFormat         format,
                 gboolean             strict,
                 KzEmailImportReport *report,
                 GCancellable        *cancellable,
                 GError             **error)
{
  return kz_email_import_with_progress (store, paths, format, strict, NULL, NULL, report, cancellable, error);
}

gboolean
kz_email_import_with_progress (KzStore               *store,
                               const char * const    *paths,
                               KzMailFormat           format,
                               gboolean               strict,
                               KzEmailImportProgress  progress,
                               gpointer               progress_data,
                               KzEmailImportReport   *report,
                               GCancellable          *cancellable,
                               GError               **error)
{
  guint n_paths = paths != NULL ? g_strv_length ((char **) paths) : 0;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) batch = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) threads = NULL;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);

  if (progress != NULL)
    progress (KZ_EMAIL_IMPORT_READING, 0, n_paths, progress_data);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!kz_email_read (paths[i], format, messages, report->issues, error))
        return FALSE;
      if (progress != NULL)
        progress (KZ_EMAIL_IMPORT_READING, i + 1, n_paths, progress_data);
    }
  report->n_read = messages->len;

  /* --strict: any broken message refuses everything, before a write. */
  if (strict && report->issues->len > 0)
    {
      KzImportIssue *first = g_ptr_array_index (report->issues, 0);

      g_set_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s at byte %lld: %s; %u broken message, nothing was imported",
                                "%s at byte %lld: %s; %u broken messages, nothing was imported",
                                report->issues->len),
                   first->source, (long long) first->position, first->reason, report->issues->len);
      return FALSE;
    }

  /* One transaction around it all, from the check of what is stored
   * already to the last thread stored, a savepoint a thread: on SQLite no
   * other writer can store the same messages in between (on PostgreSQL the
   * Message-ID's unique index refuses the second), a thread the database
   * refuses leaves nothing behind, and the lookups share one read of the
   * database instead of one each. */
  if (!kz_store_begin (store, error))
    return FALSE;

  /* What is already stored, or twice in this import, adds nothing. */
  for (guint i = 0; i < messages->len; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);
      gint64 existing;

      if (i % 1024 == 1023 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          kz_store_rollback (store);
          return FALSE;
        }
      if (g_hash_table_contains (seen, m->message_id))
        {
          report->n_already++;
          continue;
        }
      existing = kz_store_find_message_interaction (store, m->message_id, error);
      if (existing < 0)
        {
          kz_store_rollback (store);
          return FALSE;
        }
      g_hash_table_add (seen, m->message_id);
      if (existing > 0)
        {
          report->n_already++;
          continue;
        }
      g_ptr_array_add (fresh, m);
      g_hash_table_add (batch, m->message_id);
    }

  threads = kz_email_build_threads (fresh);

  if (progress != NULL)
    progress (KZ_EMAIL_IMPORT_STORING, 0, threads->len, progress_data);
  for (guint i = 0; i < threads->len; i++)
    {
      GPtrArray *thread = g_ptr_array_index (threads, i);

      if (progress != NULL && i > 0 && i % 100 == 0)
        progress (KZ_EMAIL_IMPORT_STORING, i, threads->len, progress_data);
      g_autoptr(GError) thread_error = NULL;
      guint stored = report->n_stored, threads_before = report->n_new_threads, no_agent = report->n_no_agent;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          kz_store_rollback (store);
          report->n_stored = report->n_new_threads = report->n_no_agent = 0;
          return FALSE;
        }
      if (!store_thread (store, thread, batch, agents, report, &thread_error))
        {
          KzEmailMessage *first = g_ptr_array_index (thread, 0);

          report->n_stored = stored;
          report->n_new_threads = threads_before;
          report->n_no_agent = no_agent;
          /* A database that stopped answering stops the import; a thread
           * the database refuses is reported and the rest go on. */
          if (g_error_matches (thread_error, KZ_ERROR, KZ_ERROR_CONNECTION))
            {
              kz_store_rollback (store);
              g_propagate_error (error, g_steal_pointer (&thread_error));
              return FALSE;
            }
          add_issue (report->issues, first->source, first->position,
                     g_strdup_printf (_("not stored: %s"), thread_error->message));
        }
    }

  if (progress != NULL)
    progress (KZ_EMAIL_IMPORT_STORING, threads->len, threads->len, progress_data);
  /* From here on it is the commit: a cancel no longer stops it. */
  if (progress != NULL)
    progress (KZ_EMAIL_IMPORT_COMMITTING, 0, 0, progress_data);

  /* The messages are in the database now: another core frees them while
   * this one commits (which indexes their text), and the import returns
   * when both are done. */
  {
    GThread *freer = NULL;
    gboolean ok;

    g_clear_pointer (&threads, g_ptr_array_unref);
    g_clear_pointer (&fresh, g_ptr_array_unref);
    g_clear_pointer (&batch, g_hash_table_unref);
    g_clear_pointer (&seen, g_hash_table_unref);
    if (messages->len >= PARALLEL_MIN_MESSAGES && g_get_num_processors () > 1)
      freer = g_thread_new ("kz-mbox-free", free_messages, g_steal_pointer (&messages));
    ok = kz_store_commit (store, error);
    if (freer != NULL)
      g_thread_join (freer);
    return ok;
  }
}
