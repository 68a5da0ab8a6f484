from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index_view(request: HttpRequest) -> HttpResponse:
    return render(request, "questionnaires/index.html")


def questionnaire_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def campaign_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def campaign_extend_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_edit_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def answer_save_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_submit_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_reopen_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_share_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_copy_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_review_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def reply_history_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError


def attachment_view(request, *args, **kwargs):  # replaced in the next commit
    raise NotImplementedError
