"""API resources of the planning stage. Every write goes through mitra.planning.services, so the API
refuses what the pages refuse (an approved plan, a goal without a vision/mission link, a negative budget)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from mitra.api import fields
from mitra.api.views import SchoolScopedView
from mitra.partners.models import Partner
from mitra.planning import selectors, services
from mitra.planning.models import Forum, Goal, Indicator, Need, Plan, PlannedActivity, Programme, Value


class ScopedRelated(fields.LinkMany, serializers.PrimaryKeyRelatedField):
    """A link to another record, looked up only among the caller's school's rows."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.for_school(self.context["access"].school)


class PlanSerializer(fields.ModelSerializer):
    academic_year = serializers.CharField(source="academic_year.name", read_only=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "academic_year", "revision", "status", "in_force", "submitted_at", "approved_at", "approved_by"]
        read_only_fields = fields

    def get_in_force(self, plan) -> bool:
        """The year's plan as it stands (its approved revision; before any approval, its draft)."""
        return plan.pk in self.context["in_force"]


# Every item of a plan carries the identity it keeps through the plan's revisions, and when a
# revision removed it, the moment it was removed.
ITEM_FIELDS = ["id", "identity", "ended_at"]


class GoalSerializer(fields.ModelSerializer):
    values = ScopedRelated(Value, many=True, required=False)

    class Meta:
        model = Goal
        fields = [*ITEM_FIELDS, "title", "description", "serves", "values"]


class IndicatorSerializer(fields.ModelSerializer):
    goal = ScopedRelated(Goal)
    actual = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            *ITEM_FIELDS,
            "goal",
            "name",
            "baseline",
            "target",
            "unit",
            "direction",
            "frequency",
            "verification",
            "actual",
            "progress",
        ]

    def _row(self, indicator) -> dict:
        return self.context.get("progress", {}).get(indicator.pk, {})

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_actual(self, indicator):
        """The value reached, over every measurement recorded (as on the dashboard); null before any."""
        value = self._row(indicator).get("actual")
        return None if value is None else str(value)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_progress(self, indicator):
        """Percent of the way from the baseline to the target (0–100); null before any measurement."""
        value = self._row(indicator).get("progress")
        return None if value is None else str(value)


class NeedSerializer(fields.ModelSerializer):
    class Meta:
        model = Need
        fields = [*ITEM_FIELDS, "title", "description", "area", "priority"]


class ProgrammeSerializer(fields.ModelSerializer):
    goals = ScopedRelated(Goal, many=True)
    needs = ScopedRelated(Need, many=True, required=False)
    partners = ScopedRelated(Partner, many=True, required=False)

    class Meta:
        model = Programme
        fields = [*ITEM_FIELDS, "name", "description", "goals", "needs", "partners"]


class ActivitySerializer(fields.ModelSerializer):
    programme = ScopedRelated(Programme)
    indicators = ScopedRelated(Indicator, many=True, required=False)

    class Meta:
        model = PlannedActivity
        fields = [
            *ITEM_FIELDS,
            "programme",
            "title",
            "owner",
            "schedule",
            "start_date",
            "end_date",
            "place",
            "budget",
            "budget_source",
            "resources",
            "expected_output",
            "indicators",
        ]
        extra_kwargs = {"owner": {"required": False}}


class ForumSerializer(fields.ModelSerializer):
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Forum.Audience.choices))
    programmes = ScopedRelated(Programme, many=True, required=False)
    partners = ScopedRelated(Partner, many=True, required=False)

    class Meta:
        model = Forum
        fields = [
            "id",
            "title",
            "date",
            "place",
            "audiences",
            "agenda",
            "programmes",
            "partners",
            "minutes",
            "decisions",
        ]


class _Plans:
    def get_serializer_context(self):
        in_force = set(Plan.objects.for_school(self.access.school).in_force().values_list("pk", flat=True))
        return {**super().get_serializer_context(), "in_force": in_force}


class PlanList(_Plans, SchoolScopedView, generics.ListAPIView):
    serializer_class = PlanSerializer
    read_permission = "planning.view"

    def get_queryset(self):
        return selectors.plans_of(access=self.access)


class PlanDetail(_Plans, SchoolScopedView, generics.RetrieveAPIView):
    serializer_class = PlanSerializer
    read_permission = "planning.view"

    def get_object(self):
        return selectors.plan_get(access=self.access, plan_id=self.kwargs["plan_id"])


class _PlanChild(SchoolScopedView):
    """A record that belongs to a plan: `plan_path` leads from the record to its plan."""

    read_permission = "planning.view"
    write_permission = "planning.edit"
    model = None
    plan_path = "plan"
    related = ()

    def plan(self) -> Plan:
        return selectors.plan_get(access=self.access, plan_id=self.kwargs["plan_id"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def get_queryset(self):
        return (
            self.model.objects.for_school(self.access.school)
            .filter(**{self.plan_path: self.plan()})
            .prefetch_related(*self.related)
        )

    def save(self, plan, data: dict, instance=None):
        raise NotImplementedError

    def remove(self, instance):
        raise NotImplementedError


class _ChildList(_PlanChild, generics.ListCreateAPIView):
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.save(self.plan(), serializer.validated_data)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)


class _ChildDetail(_PlanChild, generics.RetrieveUpdateDestroyAPIView):
    lookup_url_kwarg = "item_id"

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        # A partial update keeps every field it does not name, links included.
        writable = [name for name, field in serializer.fields.items() if not field.read_only]
        data = {
            **{k: getattr(instance, k) for k in writable if not hasattr(getattr(instance, k, None), "all")},
            **{k: list(getattr(instance, k).all()) for k in writable if hasattr(getattr(instance, k, None), "all")},
            **serializer.validated_data,
        }
        instance = self.save(self.plan(), data, instance)
        return Response(self.get_serializer(instance).data)

    def destroy(self, request, *args, **kwargs):
        self.remove(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class _Goals:
    serializer_class = GoalSerializer
    model = Goal
    related = ("values",)

    def save(self, plan, data, instance=None):
        return services.goal_save(
            plan=plan, user=self.request.user, fields=data, values=data.get("values", []), goal=instance
        )

    def remove(self, instance):
        services.goal_delete(goal=instance, user=self.request.user)


class _Indicators:
    serializer_class = IndicatorSerializer
    model = Indicator
    plan_path = "goal__plan"

    def get_serializer_context(self):
        from mitra.evaluation.results import progress_by_plan

        context = super().get_serializer_context()
        if "plan_id" in self.kwargs and hasattr(self, "access"):
            plan = self.plan()
            rows = progress_by_plan(schools=[self.access.school], plans=[plan]).get(plan.pk, [])
            context["progress"] = {row["indicator"].pk: row for row in rows}
        return context

    def save(self, plan, data, instance=None):
        goal = data["goal"]
        if goal.plan_id != plan.pk:
            raise serializers.ValidationError({"goal": [_("This goal belongs to another plan.")]})
        return services.indicator_save(goal=goal, user=self.request.user, fields=data, indicator=instance)

    def remove(self, instance):
        services.indicator_delete(indicator=instance, user=self.request.user)


class _Needs:
    serializer_class = NeedSerializer
    model = Need

    def save(self, plan, data, instance=None):
        return services.need_save(plan=plan, user=self.request.user, fields=data, need=instance)

    def remove(self, instance):
        services.need_delete(need=instance, user=self.request.user)


class _Programmes:
    serializer_class = ProgrammeSerializer
    model = Programme
    related = ("goals", "needs", "partners")

    def save(self, plan, data, instance=None):
        return services.programme_save(
            plan=plan,
            user=self.request.user,
            fields=data,
            goals=data.get("goals", []),
            needs=data.get("needs", []),
            partners=data.get("partners", []),
            programme=instance,
        )

    def remove(self, instance):
        services.programme_delete(programme=instance, user=self.request.user)


class _Activities:
    serializer_class = ActivitySerializer
    model = PlannedActivity
    plan_path = "programme__plan"
    related = ("indicators",)

    def save(self, plan, data, instance=None):
        programme = data["programme"]
        if programme.plan_id != plan.pk:
            raise serializers.ValidationError({"programme": [_("This programme belongs to another plan.")]})
        return services.activity_save(
            programme=programme,
            user=self.request.user,
            fields=data,
            indicators=data.get("indicators", []),
            activity=instance,
        )

    def remove(self, instance):
        services.activity_delete(activity=instance, user=self.request.user)


class _Forums:
    """A forum that took place is a record: it can be corrected, not deleted."""

    serializer_class = ForumSerializer
    model = Forum
    related = ("programmes", "partners")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def save(self, plan, data, instance=None):
        return services.forum_save(
            plan=plan,
            user=self.request.user,
            fields=data,
            programmes=data.get("programmes", []),
            partners=data.get("partners", []),
            forum=instance,
        )


def _pair(resource):
    list_view = type(f"{resource.__name__[1:]}List", (resource, _ChildList), {})
    detail_view = type(f"{resource.__name__[1:]}Detail", (resource, _ChildDetail), {})
    return list_view, detail_view


GoalList, GoalDetail = _pair(_Goals)
IndicatorList, IndicatorDetail = _pair(_Indicators)
NeedList, NeedDetail = _pair(_Needs)
ProgrammeList, ProgrammeDetail = _pair(_Programmes)
ActivityList, ActivityDetail = _pair(_Activities)
ForumList, ForumDetail = _pair(_Forums)


# --- Spending against the plan (read only: payments are recorded with their receipt on the pages) ------


class SpendingSerializer(fields.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    receipt = serializers.SerializerMethodField()

    class Meta:
        from mitra.planning.models import Spending

        model = Spending
        fields = ["id", "programme", "programme_name", "planned", "day", "amount", "source", "description", "receipt"]
        read_only_fields = fields

    def get_receipt(self, record) -> str:
        """The receipt's file name ("" without one); the file itself is read on the spending page."""
        return record.receipt.original_name if record.receipt_id else ""


class SpendingList(SchoolScopedView, generics.ListAPIView):
    """Every payment recorded against the plan (against the plan in force of its year), oldest first."""

    serializer_class = SpendingSerializer
    read_permission = "planning.view"

    def get_queryset(self):
        from mitra.planning import spending

        plan = selectors.plan_get(access=self.access, plan_id=self.kwargs["plan_id"])
        return spending.records_of(school=self.access.school, plan=plan)
