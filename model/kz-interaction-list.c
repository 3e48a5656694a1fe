/* kz-interaction-list.c — the interaction list as a lazy GListModel
 *
 * A contact centre has millions of interactions; a list view shows thirty.
 * The list counts the rows that match its query, and reads a page of rows
 * only when a view asks for a position in it (on a worker thread, so the
 * view never waits on the database).  Until its page arrives a position
 * holds an empty KzInteractionItem that is filled in place.  At most
 * KZ_INTERACTION_LIST_MAX_PAGES pages are held; the least recently used
 * goes first.  The shape is sysprof's document models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-interaction-list"

#include "config.h"

#include "kz-interaction-list.h"
#include "kz-workers.h"

/* ---- KzInteractionItem ------------------------------------------------- */

struct _KzInteractionItem
{
  GObject    parent_instance;

  gboolean   loaded;
  gint64     id;
  KzChannel  channel;
  GDateTime *started_at;
  char      *agent_name;
  char      *subject;
  guint      n_evaluations;
  guint      n_submitted;
};

G_DEFINE_FINAL_TYPE (KzInteractionItem, kz_interaction_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_LOADED,
  ITEM_PROP_ID,
  ITEM_PROP_CHANNEL,
  ITEM_PROP_STARTED_AT,
  ITEM_PROP_AGENT_NAME,
  ITEM_PROP_SUBJECT,
  ITEM_PROP_N_EVALUATIONS,
  ITEM_PROP_N_SUBMITTED,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
kz_interaction_item_finalize (GObject *object)
{
  KzInteractionItem *self = KZ_INTERACTION_ITEM (object);

  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_free (self->agent_name);
  g_free (self->subject);
  G_OBJECT_CLASS (kz_interaction_item_parent_class)->finalize (object);
}

static void
kz_interaction_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KzInteractionItem *self = KZ_INTERACTION_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case ITEM_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case ITEM_PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;
    case ITEM_PROP_STARTED_AT:
      g_value_set_boxed (value, self->started_at);
      break;
    case ITEM_PROP_AGENT_NAME:
      g_value_set_string (value, self->agent_name);
      break;
    case ITEM_PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case ITEM_PROP_N_EVALUATIONS:
      g_value_set_uint (value, self->n_evaluations);
      break;
    case ITEM_PROP_N_SUBMITTED:
      g_value_set_uint (value, self->n_submitted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_interaction_item_class_init (KzInteractionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kz_interaction_item_finalize;
  object_class->get_property = kz_interaction_item_get_property;

  item_properties[ITEM_PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  item_properties[ITEM_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  item_properties[ITEM_PROP_CHANNEL] = g_param_spec_int ("channel", NULL, NULL, KZ_CHANNEL_CALL,
                                                         KZ_CHANNEL_EMAIL, KZ_CHANNEL_CALL, flags);
  item_properties[ITEM_PROP_STARTED_AT] = g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  item_properties[ITEM_PROP_AGENT_NAME] = g_param_spec_string ("agent-name", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_N_EVALUATIONS] = g_param_spec_uint ("n-evaluations", NULL, NULL,
                                                                0, G_MAXUINT, 0, flags);
  item_properties[ITEM_PROP_N_SUBMITTED] = g_param_spec_uint ("n-submitted", NULL, NULL,
                                                              0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
kz_interaction_item_init (KzInteractionItem *self)
{
}

static void
kz_interaction_item_fill (KzInteractionItem          *self,
                          const KzInteractionSummary *summary)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->loaded = TRUE;
  self->id = summary->id;
  self->channel = summary->channel;
  g_clear_pointer (&self->started_at, g_date_time_unref);
  self->started_at = summary->started_at != NULL ? g_date_time_ref (summary->started_at) : NULL;
  g_free (self->agent_name);
  self->agent_name = g_strdup (summary->agent_name);
  g_free (self->subject);
  self->subject = g_strdup (summary->subject);
  self->n_evaluations = summary->n_evaluations;
  self->n_submitted = summary->n_submitted;
  for (guint i = ITEM_PROP_LOADED; i < ITEM_N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), item_properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
kz_interaction_item_get_loaded (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), FALSE);
  return self->loaded;
}

gint64
kz_interaction_item_get_id (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), 0);
  return self->id;
}

KzChannel
kz_interaction_item_get_channel (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), KZ_CHANNEL_CALL);
  return self->channel;
}

GDateTime *
kz_interaction_item_get_started_at (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), NULL);
  return self->started_at;
}

const char *
kz_interaction_item_get_agent_name (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), NULL);
  return self->agent_name;
}

const char *
kz_interaction_item_get_subject (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), NULL);
  return self->subject;
}

guint
kz_interaction_item_get_n_evaluations (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), 0);
  return self->n_evaluations;
}

guint
kz_interaction_item_get_n_submitted (KzInteractionItem *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_ITEM (self), 0);
  return self->n_submitted;
}

/* ---- the query, owned ---------------------------------------------------- */

typedef struct {
  KzInteractionQuery  query;   /* text, from and to point at the fields below */
  char               *text;
  GDateTime          *from;
  GDateTime          *to;
} OwnedQuery;

static OwnedQuery *
owned_query_new (const KzInteractionQuery *query)
{
  OwnedQuery *copy = g_new0 (OwnedQuery, 1);

  copy->query = *query;
  copy->text = g_strdup (query->text);
  copy->from = query->from != NULL ? g_date_time_ref (query->from) : NULL;
  copy->to = query->to != NULL ? g_date_time_ref (query->to) : NULL;
  copy->query.text = copy->text;
  copy->query.from = copy->from;
  copy->query.to = copy->to;
  return copy;
}

static void
owned_query_free (OwnedQuery *copy)
{
  g_free (copy->text);
  g_clear_pointer (&copy->from, g_date_time_unref);
  g_clear_pointer (&copy->to, g_date_time_unref);
  g_free (copy);
}

/* ---- KzInteractionList ------------------------------------------------- */

typedef struct {
  guint      index;
  GPtrArray *items;      /* KzInteractionItem*, owned */
  guint64    last_used;
  guint      serial;     /* tells this page's reads from a replaced page's */
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

struct _KzInteractionList
{
  GObject       parent_instance;

  KzStore      *store;
  OwnedQuery   *query;
  GCancellable *cancellable;
  guint         generation;    /* a new query or refresh: reads before it are dropped */
  guint         n_items;
  GHashTable   *pages;         /* page index → Page* */
  guint64       tick;
  guint         next_serial;
  guint         n_reads;       /* counts and pages being read */
  GError       *error;
  gboolean      refresh_pending;
};

static void kz_interaction_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KzInteractionList, kz_interaction_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kz_interaction_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
reads_changed (KzInteractionList *self,
               int                delta)
{
  gboolean was_loading = self->n_reads > 0;

  self->n_reads += delta;
  if (was_loading != (self->n_reads > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (KzInteractionList *self,
           const GError      *error)
{
  if (error == NULL && self->error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Reads, on a worker thread. */

typedef struct {
  KzStore    *store;
  OwnedQuery *query;
  guint       generation;
  guint       page_index;
  guint       serial;
  guint       offset;
  guint       limit;
} Read;

static void
read_free (Read *read)
{
  g_clear_object (&read->store);
  g_clear_pointer (&read->query, owned_query_free);
  g_free (read);
}

static Read *
read_new (KzInteractionList *self)
{
  Read *read = g_new0 (Read, 1);

  read->store = g_object_ref (self->store);
  read->query = owned_query_new (&self->query->query);
  read->generation = self->generation;
  return read;
}

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Read *read = task_data;
  GError *error = NULL;
  gint64 n = kz_store_count_interactions (read->store, &read->query->query, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) MIN (n, (gint64) G_MAXUINT));
}

static void
page_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *read = task_data;
  GError *error = NULL;
  GPtrArray *rows;

  if (g_task_return_error_if_cancelled (task))
    return;
  rows = kz_store_search_interactions (read->store, &read->query->query, read->offset, read->limit, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void start_count (KzInteractionList *self);

static void
page_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (source);
  Read *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_task_propagate_pointer (G_TASK (result), &error);
  Page *page;

  reads_changed (self, -1);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || read->generation != self->generation)
    return;
  if (rows == NULL)
    {
      set_error (self, error);
      /* Read the page again when a view next asks for it. */
      page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (read->page_index));
      if (page != NULL && page->serial == read->serial)
        g_hash_table_remove (self->pages, GUINT_TO_POINTER (read->page_index));
      return;
    }
  set_error (self, NULL);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (read->page_index));
  if (page == NULL || page->serial != read->serial)
    return;   /* dropped meanwhile: nobody is looking */

  for (guint i = 0; i < page->items->len && i < rows->len; i++)
    kz_interaction_item_fill (g_ptr_array_index (page->items, i), g_ptr_array_index (rows, i));

  /* Fewer rows than counted: someone deleted some meanwhile.  Count again. */
  if (rows->len < page->items->len && !self->refresh_pending)
    {
      self->refresh_pending = TRUE;
      start_count (self);
    }
}

static void
start_page_read (KzInteractionList *self,
                 Page              *page)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, page_done, NULL);
  Read *read = read_new (self);
  Page *before = page->index > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page->index - 1)) : NULL;
  KzInteractionItem *last = before != NULL ? g_ptr_array_index (before->items, before->items->len - 1) : NULL;

  read->page_index = page->index;
  read->serial = page->serial;
  read->limit = page->items->len;
  /* Scrolling on from a page held: seek past its last row.  A jump (the
   * scroll bar dragged far) counts past the offset instead. */
  if (last != NULL && last->loaded && last->started_at != NULL)
    {
      read->query->query.cursor_started_at = g_date_time_to_unix (last->started_at);
      read->query->query.cursor_id = last->id;
      read->offset = 0;
    }
  else
    read->offset = page->index * KZ_INTERACTION_LIST_PAGE_SIZE;
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_set_source_tag (task, start_page_read);
  reads_changed (self, +1);
  kz_workers_run_in_thread (task, page_thread);
}

static void
count_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (source);
  Read *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);
  guint old_n;

  reads_changed (self, -1);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || read->generation != self->generation)
    return;
  self->refresh_pending = FALSE;
  if (error != NULL)
    {
      set_error (self, error);
      return;
    }
  set_error (self, NULL);

  /* Everything held is from before: a view asks again for what it shows. */
  old_n = self->n_items;
  self->n_items = (guint) n;
  g_hash_table_remove_all (self->pages);
  self->generation++;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
start_count (KzInteractionList *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->query == NULL)
    return;
  /* Reads for the old query are no longer wanted. */
  self->generation++;
  task = g_task_new (self, self->cancellable, count_done, NULL);
  g_task_set_task_data (task, read_new (self), (GDestroyNotify) read_free);
  g_task_set_source_tag (task, start_count);
  reads_changed (self, +1);
  kz_workers_run_in_thread (task, count_thread);
}

/* Drops the least recently used page while too many are held. */
static void
evict (KzInteractionList *self,
       Page              *keep)
{
  while (g_hash_table_size (self->pages) > KZ_INTERACTION_LIST_MAX_PAGES)
    {
      GHashTableIter iter;
      Page *page;
      Page *oldest = NULL;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
        if (page != keep && (oldest == NULL || page->last_used < oldest->last_used))
          oldest = page;
      if (oldest == NULL)
        return;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }
}

static GType
kz_interaction_list_get_item_type (GListModel *model)
{
  return KZ_TYPE_INTERACTION_ITEM;
}

static guint
kz_interaction_list_get_n_items (GListModel *model)
{
  return KZ_INTERACTION_LIST (model)->n_items;
}

static gpointer
kz_interaction_list_get_item (GListModel *model,
                              guint       position)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (model);
  guint index = position / KZ_INTERACTION_LIST_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      guint start = index * KZ_INTERACTION_LIST_PAGE_SIZE;
      guint n = MIN (KZ_INTERACTION_LIST_PAGE_SIZE, self->n_items - start);

      page = g_new0 (Page, 1);
      page->index = index;
      page->serial = ++self->next_serial;
      page->items = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (page->items, g_object_new (KZ_TYPE_INTERACTION_ITEM, NULL));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      start_page_read (self, page);
    }
  page->last_used = ++self->tick;
  evict (self, page);

  return g_object_ref (g_ptr_array_index (page->items, position - index * KZ_INTERACTION_LIST_PAGE_SIZE));
}

static void
kz_interaction_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kz_interaction_list_get_item_type;
  iface->get_n_items = kz_interaction_list_get_n_items;
  iface->get_item = kz_interaction_list_get_item;
}

static void
kz_interaction_list_dispose (GObject *object)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  G_OBJECT_CLASS (kz_interaction_list_parent_class)->dispose (object);
}

static void
kz_interaction_list_finalize (GObject *object)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->query, owned_query_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (kz_interaction_list_parent_class)->finalize (object);
}

static void
kz_interaction_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_reads > 0);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_interaction_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KzInteractionList *self = KZ_INTERACTION_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_interaction_list_class_init (KzInteractionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kz_interaction_list_dispose;
  object_class->finalize = kz_interaction_list_finalize;
  object_class->get_property = kz_interaction_list_get_property;
  object_class->set_property = kz_interaction_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kz_interaction_list_init (KzInteractionList *self)
{
  self->cancellable = g_cancellable_new ();
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
}

KzInteractionList *
kz_interaction_list_new (KzStore *store)
{
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);
  return g_object_new (KZ_TYPE_INTERACTION_LIST, "store", store, NULL);
}

KzStore *
kz_interaction_list_get_store (KzInteractionList *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), NULL);
  return self->store;
}

void
kz_interaction_list_set_query (KzInteractionList        *self,
                               const KzInteractionQuery *query)
{
  g_return_if_fail (KZ_IS_INTERACTION_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, owned_query_free);
  self->query = owned_query_new (query);
  start_count (self);
}

void
kz_interaction_list_refresh (KzInteractionList *self)
{
  g_return_if_fail (KZ_IS_INTERACTION_LIST (self));
  start_count (self);
}

gboolean
kz_interaction_list_get_loading (KzInteractionList *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), FALSE);
  return self->n_reads > 0;
}

const char *
kz_interaction_list_get_error (KzInteractionList *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

GQuark
kz_interaction_list_get_error_domain (KzInteractionList *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), 0);
  return self->error != NULL ? self->error->domain : 0;
}

gint
kz_interaction_list_get_error_code (KzInteractionList *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), 0);
  return self->error != NULL ? self->error->code : 0;
}

guint
kz_interaction_list_get_n_pages_held (KzInteractionList *self)
{
  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), 0);
  return g_hash_table_size (self->pages);
}

guint
kz_interaction_list_find_held (KzInteractionList *self,
                               gint64             id)
{
  GHashTableIter iter;
  Page *page;

  g_return_val_if_fail (KZ_IS_INTERACTION_LIST (self), G_MAXUINT);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    for (guint i = 0; i < page->items->len; i++)
      {
        KzInteractionItem *item = g_ptr_array_index (page->items, i);

        if (item->loaded && item->id == id)
          return page->index * KZ_INTERACTION_LIST_PAGE_SIZE + i;
      }
  return G_MAXUINT;
}
