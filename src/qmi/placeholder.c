int qmi_placeholder_(void); int qmi_placeholder_(void) { return 0; }
