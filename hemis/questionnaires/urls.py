from django.urls import path

from hemis.questionnaires import views, views_report, views_translations

app_name = "questionnaires"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("definitions/<slug:code>/<int:version>/", views.questionnaire_view, name="questionnaire"),
    path(
        "definitions/<slug:code>/<int:version>/translations.xlsx",
        views_translations.translations_export_view,
        name="translations_export",
    ),
    path(
        "definitions/<slug:code>/<int:version>/translations/",
        views_translations.translations_import_view,
        name="translations_import",
    ),
    path("<slug:campaign_code>/", views.campaign_view, name="campaign"),
    path("<slug:campaign_code>/extend/", views.campaign_extend_view, name="campaign_extend"),
    path("<slug:campaign_code>/report/", views_report.report_view, name="report"),
    path("<slug:campaign_code>/report.pdf", views_report.report_pdf_view, name="report_pdf"),
    path("<slug:campaign_code>/report.docx", views_report.report_docx_view, name="report_docx"),
    path("<slug:campaign_code>/report.xlsx", views_report.report_xlsx_view, name="report_xlsx"),
    path("<slug:campaign_code>/<str:iso3>/", views.reply_view, name="reply"),
    path("<slug:campaign_code>/<str:iso3>/edit/", views.reply_edit_view, name="reply_edit"),
    path(
        "<slug:campaign_code>/<str:iso3>/answers/<str:question_code>/",
        views.answer_save_view,
        name="answer_save",
    ),
    path("<slug:campaign_code>/<str:iso3>/submit/", views.reply_submit_view, name="reply_submit"),
    path("<slug:campaign_code>/<str:iso3>/reopen/", views.reply_reopen_view, name="reply_reopen"),
    path("<slug:campaign_code>/<str:iso3>/share/", views.reply_share_view, name="reply_share"),
    path("<slug:campaign_code>/<str:iso3>/copy/", views.reply_copy_view, name="reply_copy"),
    path("<slug:campaign_code>/<str:iso3>/review/", views.reply_review_view, name="reply_review"),
    path(
        "<slug:campaign_code>/<str:iso3>/history/", views.reply_history_view, name="reply_history"
    ),
    path(
        "<slug:campaign_code>/<str:iso3>/files/<uuid:attachment_id>",
        views.attachment_view,
        name="attachment",
    ),
]
