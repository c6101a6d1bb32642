/* A WMS and VOICE client made of libqmi-glib (test only, never in the
 * product), for the interop tests against cellink-sim: qmicli has no
 * options for the SMS store or USSD, so this program asks through
 * libqmi's own message builders and parsers, as ModemManager does.
 *
 *   libqmi_wms DEVICE list uim|nv        one line per message: "INDEX TAG"
 *   libqmi_wms DEVICE read uim|nv INDEX  "TAG FORMAT HEX"
 *   libqmi_wms DEVICE watch SECONDS      asks for new-message reports, prints
 *                                        "ready", then "event STORAGE INDEX"
 *                                        for the first report (exit 1: none)
 *   libqmi_wms DEVICE ussd CODE          "DCS HEX" of the network's answer
 *   libqmi_wms DEVICE send HEX           raw-send of a PDU: "id N"
 *   libqmi_wms DEVICE tag uim|nv INDEX   modify-tag to mt-read: "tagged"
 *   libqmi_wms DEVICE delete uim|nv INDEX   delete one message: "deleted"
 * Every wait is bounded; errors go to stderr with exit status 1. */
#include <libqmi-glib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GMainLoop *loop;
static GAsyncResult *result;
static QmiDevice *dev;
static QmiClient *client;
static gboolean got_event;

static void on_done(GObject *src, GAsyncResult *res, gpointer data)
{
	result = g_object_ref(res);
	g_main_loop_quit(loop);
}

static gboolean on_timeout(gpointer data)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

/* Runs the loop until a result or seconds pass; the result, or exits. */
static GAsyncResult *wait_result(const char *what, guint seconds)
{
	guint t = g_timeout_add_seconds(seconds, on_timeout, NULL);
	result = NULL;
	g_main_loop_run(loop);
	if (!result) {
		fprintf(stderr, "libqmi_wms: no answer to %s\n", what);
		exit(1);
	}
	g_source_remove(t);
	GAsyncResult *r = result;
	result = NULL;
	return r;
}

static void die(const char *what, GError *err) __attribute__((noreturn));

static void die(const char *what, GError *err)
{
	fprintf(stderr, "libqmi_wms: %s: %s\n", what, err ? err->message : "failed");
	exit(1);
}

static QmiWmsStorageType storage_of(const char *s)
{
	if (!strcmp(s, "uim"))
		return QMI_WMS_STORAGE_TYPE_UIM;
	if (!strcmp(s, "nv"))
		return QMI_WMS_STORAGE_TYPE_NV;
	fprintf(stderr, "libqmi_wms: storage '%s' (uim or nv)\n", s);
	exit(2);
}

static void hex(const GArray *a)
{
	for (guint i = 0; i < a->len; i++)
		printf("%02x", g_array_index(a, guint8, i));
}

static void list(const char *storage)
{
	GError *err = NULL;
	QmiMessageWmsListMessagesInput *in = qmi_message_wms_list_messages_input_new();
	qmi_message_wms_list_messages_input_set_storage_type(in, storage_of(storage), NULL);
	qmi_message_wms_list_messages_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
	qmi_client_wms_list_messages(QMI_CLIENT_WMS(client), in, 10, NULL, on_done, NULL);
	QmiMessageWmsListMessagesOutput *out =
		qmi_client_wms_list_messages_finish(QMI_CLIENT_WMS(client), wait_result("list-messages", 10), &err);
	GArray *l = NULL;
	if (!out || !qmi_message_wms_list_messages_output_get_result(out, &err) ||
	    !qmi_message_wms_list_messages_output_get_message_list(out, &l, &err))
		die("list-messages", err);
	for (guint i = 0; i < l->len; i++) {
		QmiMessageWmsListMessagesOutputMessageListElement *e =
			&g_array_index(l, QmiMessageWmsListMessagesOutputMessageListElement, i);
		printf("%u %s\n", e->memory_index, qmi_wms_message_tag_type_get_string(e->message_tag));
	}
	qmi_message_wms_list_messages_output_unref(out);
	qmi_message_wms_list_messages_input_unref(in);
}

static void read_one(const char *storage, const char *index)
{
	GError *err = NULL;
	QmiMessageWmsRawReadInput *in = qmi_message_wms_raw_read_input_new();
	qmi_message_wms_raw_read_input_set_message_memory_storage_id(in, storage_of(storage),
								    (guint32)strtoul(index, NULL, 10), NULL);
	qmi_message_wms_raw_read_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
	qmi_client_wms_raw_read(QMI_CLIENT_WMS(client), in, 10, NULL, on_done, NULL);
	QmiMessageWmsRawReadOutput *out =
		qmi_client_wms_raw_read_finish(QMI_CLIENT_WMS(client), wait_result("raw-read", 10), &err);
	QmiWmsMessageTagType tag = 0;
	QmiWmsMessageFormat format = 0;
	GArray *data = NULL;
	if (!out || !qmi_message_wms_raw_read_output_get_result(out, &err) ||
	    !qmi_message_wms_raw_read_output_get_raw_message_data(out, &tag, &format, &data, &err))
		die("raw-read", err);
	printf("%s %s ", qmi_wms_message_tag_type_get_string(tag), qmi_wms_message_format_get_string(format));
	hex(data);
	printf("\n");
	qmi_message_wms_raw_read_output_unref(out);
	qmi_message_wms_raw_read_input_unref(in);
}

static void on_event(QmiClientWms *c, QmiIndicationWmsEventReportOutput *o, gpointer data)
{
	QmiWmsStorageType st;
	guint32 index;
	if (got_event || !qmi_indication_wms_event_report_output_get_mt_message(o, &st, &index, NULL))
		return;
	printf("event %s %u\n", qmi_wms_storage_type_get_string(st), index);
	fflush(stdout);
	got_event = TRUE;
	g_main_loop_quit(loop);
}

static void watch(const char *seconds)
{
	GError *err = NULL;
	QmiMessageWmsSetEventReportInput *in = qmi_message_wms_set_event_report_input_new();
	qmi_message_wms_set_event_report_input_set_new_mt_message_indicator(in, TRUE, NULL);
	qmi_client_wms_set_event_report(QMI_CLIENT_WMS(client), in, 10, NULL, on_done, NULL);
	QmiMessageWmsSetEventReportOutput *out =
		qmi_client_wms_set_event_report_finish(QMI_CLIENT_WMS(client), wait_result("set-event-report", 10),
						       &err);
	if (!out || !qmi_message_wms_set_event_report_output_get_result(out, &err))
		die("set-event-report", err);
	g_signal_connect(client, "event-report", G_CALLBACK(on_event), NULL);
	printf("ready\n");
	fflush(stdout);
	guint t = g_timeout_add_seconds((guint)strtoul(seconds, NULL, 10), on_timeout, NULL);
	g_main_loop_run(loop);
	if (!got_event) {
		fprintf(stderr, "libqmi_wms: no event report within %s s\n", seconds);
		exit(1);
	}
	g_source_remove(t);
	qmi_message_wms_set_event_report_output_unref(out);
	qmi_message_wms_set_event_report_input_unref(in);
}

static void ussd(const char *code)
{
	GError *err = NULL;
	QmiMessageVoiceOriginateUssdInput *in = qmi_message_voice_originate_ussd_input_new();
	GArray *a = g_array_new(FALSE, FALSE, 1);
	g_array_append_vals(a, code, (guint)strlen(code));
	qmi_message_voice_originate_ussd_input_set_uss_data(in, QMI_VOICE_USS_DATA_CODING_SCHEME_ASCII, a, NULL);
	qmi_client_voice_originate_ussd(QMI_CLIENT_VOICE(client), in, 30, NULL, on_done, NULL);
	QmiMessageVoiceOriginateUssdOutput *out =
		qmi_client_voice_originate_ussd_finish(QMI_CLIENT_VOICE(client), wait_result("originate-ussd", 30),
						       &err);
	QmiVoiceUssDataCodingScheme dcs = 0;
	GArray *data = NULL;
	if (!out || !qmi_message_voice_originate_ussd_output_get_result(out, &err) ||
	    !qmi_message_voice_originate_ussd_output_get_uss_data(out, &dcs, &data, &err))
		die("originate-ussd", err);
	printf("%s ", qmi_voice_uss_data_coding_scheme_get_string(dcs));
	hex(data);
	printf("\n");
	qmi_message_voice_originate_ussd_output_unref(out);
	qmi_message_voice_originate_ussd_input_unref(in);
	g_array_unref(a);
}

static void send_pdu(const char *hexpdu)
{
	GError *err = NULL;
	GArray *a = g_array_new(FALSE, FALSE, 1);
	for (size_t i = 0; hexpdu[i] && hexpdu[i + 1]; i += 2) {
		char b[3] = { hexpdu[i], hexpdu[i + 1], 0 };
		guint8 v = (guint8)strtoul(b, NULL, 16);
		g_array_append_val(a, v);
	}
	QmiMessageWmsRawSendInput *in = qmi_message_wms_raw_send_input_new();
	qmi_message_wms_raw_send_input_set_raw_message_data(in, QMI_WMS_MESSAGE_FORMAT_GSM_WCDMA_POINT_TO_POINT, a,
							    NULL);
	qmi_client_wms_raw_send(QMI_CLIENT_WMS(client), in, 30, NULL, on_done, NULL);
	QmiMessageWmsRawSendOutput *out =
		qmi_client_wms_raw_send_finish(QMI_CLIENT_WMS(client), wait_result("raw-send", 30), &err);
	guint16 id = 0;
	if (!out || !qmi_message_wms_raw_send_output_get_result(out, &err) ||
	    !qmi_message_wms_raw_send_output_get_message_id(out, &id, &err))
		die("raw-send", err);
	printf("id %u\n", id);
	qmi_message_wms_raw_send_output_unref(out);
	qmi_message_wms_raw_send_input_unref(in);
	g_array_unref(a);
}

static void tag_read(const char *storage, const char *index)
{
	GError *err = NULL;
	QmiMessageWmsModifyTagInput *in = qmi_message_wms_modify_tag_input_new();
	qmi_message_wms_modify_tag_input_set_message_tag(in, storage_of(storage), (guint32)strtoul(index, NULL, 10),
							 QMI_WMS_MESSAGE_TAG_TYPE_MT_READ, NULL);
	qmi_message_wms_modify_tag_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
	qmi_client_wms_modify_tag(QMI_CLIENT_WMS(client), in, 10, NULL, on_done, NULL);
	QmiMessageWmsModifyTagOutput *out =
		qmi_client_wms_modify_tag_finish(QMI_CLIENT_WMS(client), wait_result("modify-tag", 10), &err);
	if (!out || !qmi_message_wms_modify_tag_output_get_result(out, &err))
		die("modify-tag", err);
	printf("tagged\n");
	qmi_message_wms_modify_tag_output_unref(out);
	qmi_message_wms_modify_tag_input_unref(in);
}

static void delete_one(const char *storage, const char *index)
{
	GError *err = NULL;
	QmiMessageWmsDeleteInput *in = qmi_message_wms_delete_input_new();
	qmi_message_wms_delete_input_set_memory_storage(in, storage_of(storage), NULL);
	qmi_message_wms_delete_input_set_memory_index(in, (guint32)strtoul(index, NULL, 10), NULL);
	qmi_message_wms_delete_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
	qmi_client_wms_delete(QMI_CLIENT_WMS(client), in, 10, NULL, on_done, NULL);
	QmiMessageWmsDeleteOutput *out =
		qmi_client_wms_delete_finish(QMI_CLIENT_WMS(client), wait_result("delete", 10), &err);
	if (!out || !qmi_message_wms_delete_output_get_result(out, &err))
		die("delete", err);
	printf("deleted\n");
	qmi_message_wms_delete_output_unref(out);
	qmi_message_wms_delete_input_unref(in);
}

int main(int argc, char **argv)
{
	GError *err = NULL;
	if (argc < 4) {
		fprintf(stderr, "usage: libqmi_wms DEVICE list|read|watch|ussd ARG...\n");
		return 2;
	}
	loop = g_main_loop_new(NULL, FALSE);
	GFile *file = g_file_new_for_path(argv[1]);
	qmi_device_new(file, NULL, on_done, NULL);
	if (!(dev = qmi_device_new_finish(wait_result("device-new", 10), &err)))
		die("device", err);
	qmi_device_open(dev, QMI_DEVICE_OPEN_FLAGS_NONE, 10, NULL, on_done, NULL);
	if (!qmi_device_open_finish(dev, wait_result("open", 10), &err))
		die("open", err);
	QmiService svc = !strcmp(argv[2], "ussd") ? QMI_SERVICE_VOICE : QMI_SERVICE_WMS;
	qmi_device_allocate_client(dev, svc, QMI_CID_NONE, 10, NULL, on_done, NULL);
	if (!(client = qmi_device_allocate_client_finish(dev, wait_result("allocate-cid", 10), &err)))
		die("allocate-cid", err);
	if (!strcmp(argv[2], "list"))
		list(argv[3]);
	else if (!strcmp(argv[2], "read") && argc > 4)
		read_one(argv[3], argv[4]);
	else if (!strcmp(argv[2], "watch"))
		watch(argv[3]);
	else if (!strcmp(argv[2], "ussd"))
		ussd(argv[3]);
	else if (!strcmp(argv[2], "send"))
		send_pdu(argv[3]);
	else if (!strcmp(argv[2], "tag") && argc > 4)
		tag_read(argv[3], argv[4]);
	else if (!strcmp(argv[2], "delete") && argc > 4)
		delete_one(argv[3], argv[4]);
	else
		return 2;
	fflush(stdout);
	qmi_device_release_client(dev, client, QMI_DEVICE_RELEASE_CLIENT_FLAGS_RELEASE_CID, 10, NULL, on_done, NULL);
	if (!qmi_device_release_client_finish(dev, wait_result("release-cid", 10), &err))
		die("release-cid", err);
	g_object_unref(client);
	g_object_unref(dev);
	g_object_unref(file);
	return 0;
}
