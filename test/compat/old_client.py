"""The gRPC test client from the service's original docs, unchanged but for
the address (argv[1]) and printing each response as a JSON line."""
import asyncio
import json
import sys

import grpc
import recommendation_pb2
import recommendation_pb2_grpc


async def test_recommendation(address):
    async with grpc.aio.insecure_channel(address) as channel:
        stub = recommendation_pb2_grpc.RecommendationServiceStub(channel)

        browser_context = {
            "visited_sites": [
                {"url": "https://github.com", "title": "GitHub"},
                {"url": "https://stackoverflow.com", "title": "Stack Overflow"}
            ],
            "search_queries": ["python tutorial", "machine learning"],
            "time_spent": {"github.com": 1200, "stackoverflow.com": 800}
        }

        request = recommendation_pb2.RecommendRequest(
            user_id="test_user",
            browser_context=json.dumps(browser_context),
            content_type="technical",
            content_period="recent"
        )

        async for response in stub.Recommend(request):
            print(json.dumps({"content": response.content, "is_final": response.is_final}, ensure_ascii=False))


asyncio.run(test_recommendation(sys.argv[1]))
