/* kz-voice-notifier.c — a desktop notification when a pulse round opens
 *
 * At start and every five minutes (never more often: the check reads the
 * database, on a team server over the network) the notifier lists the open
 * rounds the person has not answered, and sends one GNotification per round
 * it has not told about yet — through g_application_send_notification(), so
 * the desktop shows it even when the window is hidden.  Which rounds were
 * told about is kept in a small state file, per database, so a restart does
 * not repeat them; answering a round withdraws its notification.
 *
 * A notification goes out only when the desktop can show it: a server owns
 * (or can be started for) org.gtk.Notifications or
 * org.freedesktop.Notifications, or the app runs in a sandbox whose portal
 * shows them.  With none, the round is not marked as told, and the next
 * check tries again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-notifier"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kz-error.h"
#include "kz-store-job.h"
#include "kz-voice-format.h"
#include "kz-voice-notifier.h"

struct _KzVoiceNotifier
{
  GObject        parent_instance;

  GApplication  *application;   /* weak */
  KzStore       *store;
  gint64         person_id;
  GCancellable  *cancellable;
  guint          timeout;
  gboolean       checking;
  gboolean       again;          /* a check was asked for while one ran */
};

G_DEFINE_FINAL_TYPE (KzVoiceNotifier, kz_voice_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHECKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  NOTIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
kz_voice_notifier_state_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "kaizen", "notified-rounds.ini", NULL);
}

/* The state file's group for this database: a hash of its identity (an
 * identity is a path or a URI, which a key file's group names may not hold). */
static char *
state_group (KzVoiceNotifier *self)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, kz_store_get_identity (self->store), -1);

  return g_strndup (hash, 16);
}

static GKeyFile *
load_state (void)
{
  g_autofree char *path = kz_voice_notifier_state_path ();
  GKeyFile *file = g_key_file_new ();

  /* No file yet, or a broken one: nothing told about. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  return file;
}

gboolean
kz_voice_notifier_was_notified (KzVoiceNotifier *self,
                                gint64           round_id)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;
  g_auto(GStrv) rounds = NULL;
  char id[32];

  g_return_val_if_fail (KZ_IS_VOICE_NOTIFIER (self), FALSE);

  file = load_state ();
  group = state_group (self);
  rounds = g_key_file_get_string_list (file, group, "rounds", NULL, NULL);
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, round_id);
  return rounds != NULL && g_strv_contains ((const char * const *) rounds, id);
}

static void
remember (KzVoiceNotifier *self,
          gint64           round_id)
{
  g_autoptr(GKeyFile) file = load_state ();
  g_autofree char *group = state_group (self);
  g_autofree char *path = kz_voice_notifier_state_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto(GStrv) rounds = g_key_file_get_string_list (file, group, "rounds", NULL, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  char id[32];

  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, round_id);
  if (rounds != NULL)
    g_strv_builder_addv (builder, (const char **) rounds);
  g_strv_builder_add (builder, id);
  kept = g_strv_builder_end (builder);
  g_key_file_set_string_list (file, group, "rounds", (const char * const *) kept, g_strv_length (kept));
  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    /* Not kept: at worst the notification comes once more. */
    g_debug ("Could not keep which rounds were notified: %s", error != NULL ? error->message : g_strerror (errno));
}

char *
kz_voice_notifier_notification_id (KzVoiceNotifier *self,
                                   gint64           round_id)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (KZ_IS_VOICE_NOTIFIER (self), NULL);

  group = state_group (self);
  return g_strdup_printf ("pulse-round-%s-%" G_GINT64_FORMAT, group, round_id);
}

static void
notify_round (KzVoiceNotifier     *self,
              const KzSurveyRound *round)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *closes = kz_voice_format_day (&round->closes_on);
  g_autofree char *body = NULL;
  g_autofree char *id = kz_voice_notifier_notification_id (self, round->id);

  /* Translators: a notification's text: the round's title and its last day */
  body = g_strdup_printf (_("“%s” takes about a minute; it is open until %s."), round->title, closes);
  notification = g_notification_new (_("A Pulse Round Is Open"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-page", "s", "pulse");
  g_notification_add_button_with_target (notification, _("Answer Now"), "app.show-page", "s", "pulse");

  /* Kept first: a notification is sent once, even if sending fails. */
  g_debug ("Round %" G_GINT64_FORMAT " is open: notifying", round->id);
  remember (self, round->id);
  if (self->application != NULL && g_application_get_is_registered (self->application) &&
      !g_application_get_is_remote (self->application))
    g_application_send_notification (self->application, id, notification);
  g_signal_emit (self, signals[NOTIFIED], 0, round->id, notification);
}

typedef struct {
  GPtrArray *rounds;
  gboolean   can_notify;
} CheckResult;

static void
check_result_free (gpointer data)
{
  CheckResult *r = data;

  g_clear_pointer (&r->rounds, g_ptr_array_unref);
  g_free (r);
}

/* Whether anything on the session bus shows notifications (GLib's backends
 * talk to these names; the portal's in a sandbox). */
static gboolean
desktop_shows_notifications (GCancellable *cancellable)
{
  const char *names[] = { "org.gtk.Notifications", "org.freedesktop.Notifications" };
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **list = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return TRUE;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, NULL);
  if (bus == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GVariant) owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", names[i]), G_VARIANT_TYPE ("(b)"),
                                                               G_DBUS_CALL_FLAGS_NONE, -1, cancellable, NULL);
      gboolean has_owner = FALSE;

      if (owned != NULL)
        g_variant_get (owned, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
    }
  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                             G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable, NULL);
  if (activatable == NULL)
    return FALSE;
  g_variant_get (activatable, "(^a&s)", &list);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strv_contains (list, names[i]))
      return TRUE;
  return FALSE;
}

static gpointer
check_thread (KzStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 person_id = *(gint64 *) data;
  CheckResult *r = g_new0 (CheckResult, 1);

  r->rounds = kz_store_list_open_rounds (store, kz_store_is_shared (store) ? 0 : person_id, error);
  if (r->rounds == NULL)
    {
      check_result_free (r);
      return NULL;
    }
  r->can_notify = r->rounds->len > 0 && desktop_shows_notifications (cancellable);
  return r;
}

static void
set_checking (KzVoiceNotifier *self,
              gboolean         checking)
{
  if (self->checking == checking)
    return;
  self->checking = checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void
check_done (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  KzVoiceNotifier *self = KZ_VOICE_NOTIFIER (object);
  g_autoptr(GError) error = NULL;
  CheckResult *r = kz_store_job_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (r == NULL)
    /* The pages say what is wrong; the next check tries again. */
    g_debug ("Could not read the open rounds: %s", error->message);
  else if (r->rounds->len > 0 && !r->can_notify)
    g_debug ("Nothing on the session bus shows notifications: the rounds wait for the next check");
  for (guint i = 0; r != NULL && r->can_notify && i < r->rounds->len; i++)
    {
      const KzSurveyRound *round = g_ptr_array_index (r->rounds, i);

      if (!kz_voice_notifier_was_notified (self, round->id))
        notify_round (self, round);
    }
  g_clear_pointer (&r, check_result_free);

  set_checking (self, FALSE);
  if (self->again)
    {
      self->again = FALSE;
      kz_voice_notifier_check (self);
    }
}

void
kz_voice_notifier_check (KzVoiceNotifier *self)
{
  g_return_if_fail (KZ_IS_VOICE_NOTIFIER (self));

  if (self->checking)
    {
      self->again = TRUE;
      return;
    }
  if (self->person_id == 0 && !kz_store_is_shared (self->store))
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_checking (self, TRUE);
  kz_store_job_run_async (self->store, self, check_thread, g_memdup2 (&self->person_id, sizeof self->person_id),
                          g_free, check_result_free, self->cancellable, check_done, NULL);
}

gboolean
kz_voice_notifier_get_checking (KzVoiceNotifier *self)
{
  g_return_val_if_fail (KZ_IS_VOICE_NOTIFIER (self), FALSE);
  return self->checking;
}

static gboolean
on_timeout (gpointer data)
{
  kz_voice_notifier_check (KZ_VOICE_NOTIFIER (data));
  return G_SOURCE_CONTINUE;
}

void
kz_voice_notifier_set_person_id (KzVoiceNotifier *self,
                                 gint64           person_id)
{
  g_return_if_fail (KZ_IS_VOICE_NOTIFIER (self));

  if (self->person_id == person_id)
    return;
  self->person_id = person_id;
  /* Someone else's rounds: look once now (a person is picked at start, or
   * by hand — not on a timer). */
  kz_voice_notifier_check (self);
}

static void
kz_voice_notifier_dispose (GObject *object)
{
  KzVoiceNotifier *self = KZ_VOICE_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout, g_source_remove);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kz_voice_notifier_parent_class)->dispose (object);
}

static void
kz_voice_notifier_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KzVoiceNotifier *self = KZ_VOICE_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_voice_notifier_class_init (KzVoiceNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kz_voice_notifier_dispose;
  object_class->get_property = kz_voice_notifier_get_property;

  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* KzVoiceNotifier::notified (gint64 round_id, GNotification *notification):
   * a round's notification was just handed to the application. */
  signals[NOTIFIED] =
    g_signal_new ("notified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_NOTIFICATION);
}

static void
kz_voice_notifier_init (KzVoiceNotifier *self)
{
}

KzVoiceNotifier *
kz_voice_notifier_new (GApplication *application,
                       KzStore      *store)
{
  KzVoiceNotifier *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  self = g_object_new (KZ_TYPE_VOICE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->store = g_object_ref (store);
  self->timeout = g_timeout_add_seconds (KZ_VOICE_NOTIFIER_INTERVAL_SECONDS, on_timeout, self);
  return self;
}
