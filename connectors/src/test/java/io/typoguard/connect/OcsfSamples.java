package io.typoguard.connect;

/** OCSF Detection Findings as the Streams app writes them to mail.alerts.ocsf. */
final class OcsfSamples {
    private OcsfSamples() {
    }

    static String finding(int i, int severityId) {
        return """
                {"class_uid":2004,"class_name":"Detection Finding","category_uid":2,"category_name":"Findings",\
                "activity_id":1,"activity_name":"Create","type_uid":200401,"type_name":"Detection Finding: Create",\
                "time":1764240000000,"severity_id":%d,"severity":"High","status_id":1,"status":"New",\
                "message":"colonel.smith@army.ml looks like a typo of army.mil (alert %d)","is_alert":true,\
                "finding_info":{"uid":"inc-%d","title":"Mail to typo domain army.ml (army.mil)","desc":"d","types":["Typo domain"],\
                "first_seen_time":1764240000000,"last_seen_time":1764240000000,"src_url":null},\
                "metadata":{"version":"1.3.0","product":{"name":"Typoguard","vendor_name":"Typoguard","version":"0.2.0"},"uid":"alert-%d"},\
                "count":3,"unmapped":{"typoguard":{"alert_type":"DELIVERED_TYPO","sender":"alice@example.mil",\
                "recipient":"colonel.smith@army.ml","typo_domain":"army.ml","intended_domain":"army.mil",\
                "technique":"TLD_SUBSTITUTION","delivery_status":"SENT","host":"mx1","queue_id":"4ABC","message_id":"<m%d@example.mil>"}}}"""
                .formatted(severityId, i, i, i, i);
    }
}
