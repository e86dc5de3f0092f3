"""The README's Python client over mutual TLS: the original client with
grpc.aio.secure_channel and ssl_channel_credentials. argv: address, CA
certificate, client certificate, client key; prints each response as a JSON line."""
import asyncio
import json
import sys

import grpc
import recommendation_pb2
import recommendation_pb2_grpc


def read(path):
    with open(path, "rb") as f:
        return f.read()


async def test_recommendation(address, ca, cert, key):
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(ca), private_key=read(key), certificate_chain=read(cert)
    )
    async with grpc.aio.secure_channel(address, credentials) as channel:
        stub = recommendation_pb2_grpc.RecommendationServiceStub(channel)
        request = recommendation_pb2.RecommendRequest(
            user_id="test_user",
            browser_context=json.dumps({"visited_sites": [{"url": "https://github.com", "title": "GitHub"}],
                                        "search_queries": ["python tutorial"]}),
            content_type="technical",
            content_period="recent"
        )
        async for response in stub.Recommend(request):
            print(json.dumps({"content": response.content, "is_final": response.is_final}, ensure_ascii=False))


asyncio.run(test_recommendation(*sys.argv[1:5]))
