"""The words of a report: section titles, metric names, narrative sections (translatable)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SECTION_TITLES = {
    "organisation": _("Profile and organisation"),
    "membership": _("Membership changes"),
    "courses_textbooks": _("Textbooks and courses"),
    "bases_training": _("Shared bases and teacher training"),
    "overseas": _("Overseas projects"),
    "capacity": _("Capacity building"),
    "joint_rd": _("Joint R&D"),
    "talent": _("Strategic talent"),
    "exchange": _("Exchange"),
    "self_building": _("Organisational self-building"),
    "funds": _("Funds"),
    "evaluation": _("Evaluation result"),
    "rectification": _("Rectification and its effect"),
}

#: The narrative sections a secretariat writes, in the report's order.
NARRATIVE_SECTIONS = {
    "summary": _("Summary of the year"),
    "courses_textbooks": SECTION_TITLES["courses_textbooks"],
    "bases_training": SECTION_TITLES["bases_training"],
    "overseas": SECTION_TITLES["overseas"],
    "capacity": SECTION_TITLES["capacity"],
    "joint_rd": SECTION_TITLES["joint_rd"],
    "talent": SECTION_TITLES["talent"],
    "exchange": SECTION_TITLES["exchange"],
    "self_building": SECTION_TITLES["self_building"],
    "rectification": SECTION_TITLES["rectification"],
    "outlook": _("Plans for the next year"),
}

METRICS = {
    "projects_course": _("course co-development projects"),
    "projects_textbook": _("textbook co-development projects"),
    "outcome_course": _("courses developed"),
    "outcome_textbook": _("textbooks published"),
    "resources_course": _("shared courses"),
    "resources_textbook": _("shared textbooks"),
    "resources_training_base": _("shared practical-training bases"),
    "resources_lab": _("shared laboratories"),
    "resources_equipment": _("shared equipment"),
    "bookings": _("bookings approved or completed"),
    "usage_hours": _("hours of use recorded"),
    "projects_training_base": _("co-built training-base projects"),
    "projects_teacher_training": _("teacher-training projects"),
    "outcome_teachers_trained": _("teachers trained"),
    "projects_overseas": _("overseas projects"),
    "outcomes_overseas": _("outcomes of overseas projects"),
    "projects_technical_service": _("technical-service projects"),
    "projects_standard": _("standard-drafting projects"),
    "outcome_standard": _("standards drafted"),
    "outcome_students_trained": _("students trained"),
    "projects_joint_rd": _("joint R&D projects"),
    "outcome_patent": _("patents"),
    "outcome_paper": _("papers"),
    "outcome_software_copyright": _("software copyrights"),
    "outcome_revenue": _("revenue (CNY)"),
    "benefit_shared": _("benefits shared among participants (CNY)"),
    "projects_order_class": _("order classes and apprenticeships"),
    "projects_joint_recruitment": _("joint recruitment projects"),
    "outcome_hires": _("people hired"),
    "outcome_interns": _("interns"),
    "talent_needs_published": _("talent needs published"),
    "students_placed": _("students placed in internships"),
    "announcements": _("announcements"),
    "threads": _("discussion threads"),
    "documents": _("documents shared"),
    "meetings": _("council meetings"),
    "decisions": _("meeting decisions"),
    "council_seats": pgettext_lazy("annual report", "council seats"),
    "applications": _("incentive applications submitted"),
    "awards": _("awards decided"),
    "amount_awarded": _("amount awarded (CNY)"),
    "amount_disbursed": _("amount disbursed (CNY)"),
}

STATUS_WORDS = {
    "draft": pgettext_lazy("report status", "Draft"),
    "submitted": pgettext_lazy("report status", "Submitted"),
    "accepted": pgettext_lazy("report status", "Accepted"),
}
